// A page that attacks the hook ↔ bridge channel from the page's own world. The test
// drives it through window.hostile; every forged finding carries a FORGED reason so the
// test can tell forged from real in the background's store.
(() => {
  const PREFIX = 'miner-sentry:';
  const NAMES = ['hello', 'finding', 'config'].map((n) => PREFIX + n);
  const { demoMiner, withCustomSection, sha256Hex, compileIn, barrier } = window.testWasm;

  const forged = (i, extra = {}) => ({
    kind: 'wasm', verdict: 'miner', action: 'blocked', reason: `FORGED ${i}`,
    url: `https://forged.example/${i}.wasm`, time: Date.now(), ...extra,
  });

  /** Every event name on every target the page can see, with both string and object details. */
  function forgeEverywhere(victimTabId) {
    let sent = 0;
    const targets = [document, window, document.documentElement];
    const details = [
      JSON.stringify(forged('plain')),
      JSON.stringify(forged('other-tab', { tabId: victimTabId, frameId: 0 })),
      forged('object'),
      JSON.stringify({ mode: 'off', allowed: true, rules: '{}' }),
    ];
    for (const target of targets) {
      for (const name of NAMES) {
        for (const detail of details) {
          target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
          sent++;
        }
        const fakePort = document.createElement('span');
        target.dispatchEvent(new MouseEvent(name, { relatedTarget: fakePort, bubbles: true }));
        fakePort.dispatchEvent(new CustomEvent(PREFIX + 'finding', { detail: JSON.stringify(forged('fake-port')) }));
        sent += 2;
      }
    }
    return sent;
  }

  function hugePayloads(megabytes) {
    const big = 'x'.repeat(megabytes * 1024 * 1024);
    const asFinding = JSON.stringify(forged('huge', { reason: `FORGED huge ${big}` }));
    for (const name of NAMES) {
      document.dispatchEvent(new CustomEvent(name, { detail: asFinding }));
      window.dispatchEvent(new CustomEvent(name, { detail: big }));
    }
    return asFinding.length;
  }

  /**
   * `perSecond` forged events for `seconds`. Each timer tick catches up with the schedule,
   * so throttled timers (a background tab) change the burst size, not the total.
   */
  function flood(perSecond, seconds) {
    let sent = 0;
    const start = Date.now();
    return new Promise((done) => {
      const tick = () => {
        const elapsed = Math.min(Date.now() - start, seconds * 1000);
        const due = Math.floor((perSecond * elapsed) / 1000);
        while (sent < due) {
          document.dispatchEvent(new CustomEvent(NAMES[1], { detail: JSON.stringify(forged(`flood ${sent}`)) }));
          sent++;
        }
        if (elapsed >= seconds * 1000) done(sent);
        else setTimeout(tick, 10);
      };
      tick();
    });
  }

  /**
   * A page trying to get onto a real channel: the bridge of a fresh same-origin frame is
   * offered the page's own element as its port by a second hello.
   */
  let channelFrame = null;
  function childFrameChannel(count) {
    const frame = channelFrame = document.createElement('iframe');
    document.body.append(frame);
    const doc = frame.contentDocument;
    const port = doc.createElement('span');
    doc.dispatchEvent(new (frame.contentWindow.MouseEvent)(NAMES[0], { relatedTarget: port }));
    for (let i = 0; i < count; i++) {
      port.dispatchEvent(new (frame.contentWindow.CustomEvent)(NAMES[1], { detail: JSON.stringify(forged(`child-frame ${i}`)) }));
    }
    return count;
  }

  /** A barrier through the real channel of the frame childFrameChannel attacked. */
  const childBarrier = (label) => barrier(label, channelFrame.contentWindow.WebAssembly);

  /**
   * Makes the real hook report `count` distinct modules, as fast as the page can. They are
   * judged suspicious, not miners: the store gives such findings up before miners, so a
   * barrier sent after the spam is still kept once the page's origin is at its budget.
   */
  async function realChannelSpam(count) {
    const suspicious = new Uint8Array(await (await fetch('/wasm/tables-from-js.wasm')).arrayBuffer());
    const copies = Array.from({ length: count }, (_, i) => withCustomSection(suspicious, `copy ${i}`));
    const outcomes = {};
    const started = performance.now();
    for (const bytes of copies) {
      let outcome = 'ran';
      try { new WebAssembly.Module(bytes); } catch (e) { outcome = e.name; }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    const ms = performance.now() - started;
    return { outcomes, ms, sha256: await Promise.all(copies.map(sha256Hex)) };
  }

  /** A miner after the attacks: refused unless a forged config took hold; its finding is also a barrier. */
  async function minerStillRefused() {
    return compileIn(WebAssembly, withCustomSection(await demoMiner(), 'after the attack'));
  }

  /** Symbol-keyed properties a page can list on its own globals: window, a new frame's window, a worker's global. */
  async function listedSymbols() {
    const symbols = (o) => Object.getOwnPropertySymbols(o).map((s) => String(s.description));
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const source = 'postMessage(Object.getOwnPropertySymbols(self).map((s) => String(s.description)))';
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const inWorker = await new Promise((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = () => resolve(['the worker failed']);
    });
    worker.terminate();
    const named = Symbol.for('miner-sentry.hooked');
    return {
      window: symbols(window), frame: symbols(frame.contentWindow), worker: inWorker,
      named: named in window || named in frame.contentWindow,
    };
  }

  /**
   * A miner compiled in a new about:blank frame, then one barrier miner in that frame and
   * one in this window: once both barriers' findings are stored, every report sent before
   * them by either frame's channel is stored too.
   */
  async function frameMiner(label) {
    const plain = await demoMiner();
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const wasm = frame.contentWindow.WebAssembly;
    const mined = await compileIn(wasm, withCustomSection(plain, label));
    const frameBarrier = await compileIn(wasm, withCustomSection(plain, `${label}: frame barrier`));
    const topBarrier = await compileIn(WebAssembly, withCustomSection(plain, `${label}: top barrier`));
    return { ...mined, frameBarrier: frameBarrier.sha256, topBarrier: topBarrier.sha256 };
  }

  window.hostile = {
    forgeEverywhere, hugePayloads, flood, childFrameChannel, childBarrier, realChannelSpam, minerStillRefused, listedSymbols, frameMiner, barrier,
  };
})();
