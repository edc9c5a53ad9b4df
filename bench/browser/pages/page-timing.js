// Navigation timing of this document plus the cost of hooking a new same-origin frame,
// read by the bench once the load event has run.
'use strict';
(() => {
  // A script-made about:blank iframe is a fresh realm. With the extension, the hook is
  // installed into it synchronously: by the content script at insertion, or by the parent's
  // contentWindow getter (src/page/child-realm-hooks.ts), whichever comes first. Timing
  // insertion plus the first touch of its WebAssembly therefore contains the whole
  // per-frame install, whichever path does it; without the extension it is the browser's
  // own cost of making the realm.
  function frameInstallMs(count) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const iframe = document.createElement('iframe');
      const t = performance.now();
      document.body.appendChild(iframe);
      void iframe.contentWindow.WebAssembly.instantiate;
      samples.push(performance.now() - t);
      iframe.remove();
    }
    return samples;
  }

  window.benchTiming = new Promise((resolve) => {
    addEventListener('load', () => setTimeout(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      resolve({
        firstScript: window.benchFirstScript,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventStart,
        allFramesLoaded: window.benchFrames ? window.benchFrames.allLoadedAt : null,
        frameInstall: window.benchFrames ? [] : frameInstallMs(8),
      });
    }, 0));
  });
})();
