// A page that attacks the hook ↔ bridge channel from the page's own world. The test
// drives it through window.hostile; every forged finding carries a FORGED reason so the
// test can tell forged from real in the background's store.
(() => {
  const PREFIX = 'miner-sentry:';
  const NAMES = ['hello', 'finding', 'config'].map((n) => PREFIX + n);

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
   * A compromised page that found a way onto a real channel: a fresh same-origin frame
   * whose bridge has not met a hook yet gets the page's own element as its port.
   */
  function childFrameChannel(count) {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const doc = frame.contentDocument;
    const port = doc.createElement('span');
    doc.dispatchEvent(new (frame.contentWindow.MouseEvent)(NAMES[0], { relatedTarget: port }));
    for (let i = 0; i < count; i++) {
      port.dispatchEvent(new (frame.contentWindow.CustomEvent)(NAMES[1], { detail: JSON.stringify(forged(`child-frame ${i}`)) }));
    }
    return count;
  }

  /** A custom section at the end keeps the miner valid and a miner, but gives each copy its own hash. */
  function withCustomSection(bytes, label) {
    const name = new TextEncoder().encode('n');
    const payload = new TextEncoder().encode(label);
    const body = [name.length, ...name, ...payload];
    const size = [];
    let n = body.length;
    do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; size.push(b); } while (n);
    return new Uint8Array([...bytes, 0, ...size, ...body]);
  }

  /** Makes the real hook report `count` distinct miners, as fast as the page can. */
  async function realChannelSpam(count) {
    const miner = new Uint8Array(await (await fetch('/wasm/demo-miner.wasm')).arrayBuffer());
    const outcomes = {};
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      let outcome = 'ran';
      try { new WebAssembly.Module(withCustomSection(miner, `copy ${i}`)); } catch (e) { outcome = e.name; }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    return { outcomes, ms: performance.now() - started };
  }

  async function minerStillRefused() {
    const miner = new Uint8Array(await (await fetch('/wasm/demo-miner.wasm')).arrayBuffer());
    try {
      await WebAssembly.compile(withCustomSection(miner, 'after the attack'));
      return 'ran';
    } catch (e) {
      return e.name;
    }
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

  async function sha256Hex(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Compiles `bytes` with `wasm`, returns the error's name (or 'ran') and the module's SHA-256. */
  async function compileIn(wasm, bytes) {
    let outcome = 'ran';
    try {
      await wasm.compile(bytes);
    } catch (e) {
      outcome = e.name;
    }
    return { outcome, sha256: await sha256Hex(bytes) };
  }

  /**
   * A miner compiled in a new about:blank frame, then one barrier miner in that frame and
   * one in this window: once both barriers' findings are stored, every report sent before
   * them by either frame's channel is stored too.
   */
  async function frameMiner(label) {
    const plain = new Uint8Array(await (await fetch('/wasm/demo-miner.wasm')).arrayBuffer());
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const wasm = frame.contentWindow.WebAssembly;
    const mined = await compileIn(wasm, withCustomSection(plain, label));
    const frameBarrier = await compileIn(wasm, withCustomSection(plain, `${label}: frame barrier`));
    const topBarrier = await compileIn(WebAssembly, withCustomSection(plain, `${label}: top barrier`));
    return { ...mined, frameBarrier: frameBarrier.sha256, topBarrier: topBarrier.sha256 };
  }

  window.hostile = { forgeEverywhere, hugePayloads, flood, childFrameChannel, realChannelSpam, minerStillRefused, listedSymbols, frameMiner };
})();
