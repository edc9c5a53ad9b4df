// Shared by every evasion page. A page tries one way of getting a miner module to run;
// hashes are computed only through the fixture and, once computed, reported to the
// server (/__hashes, the witness the test reads) and submitted to the fake pool. The
// page's outcome is kept in window.evasion for the test.
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  const framed = window !== window.top;
  const state = {
    id: params.get('id') || location.pathname,
    done: false,
    hashes: 0,
    outcome: 'pending',
    detail: '',
  };
  window.evasion = state;
  const describe = (e) => `${(e && e.name) || 'Error'}: ${(e && e.message) || e}`;

  state.settle = (outcome, detail = '') => {
    if (state.done) return;
    Object.assign(state, { outcome, detail: String(detail), done: true });
    if (framed) parent.postMessage({ evasion: 'settle', outcome, detail: String(detail) }, '*');
  };
  state.refused = (e) => state.settle('refused', describe(e));

  function submit(n) {
    const pool = params.get('pool');
    if (!pool) return;
    const ws = new WebSocket(pool);
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'login', params: { login: 'evasion', pass: 'x', agent: 'evasion/1' } }));
    ws.onmessage = ({ data }) => {
      const m = JSON.parse(data);
      if (m.id !== 1 || !m.result || !m.result.job) return;
      for (let i = 0; i < n; i++) {
        ws.send(JSON.stringify({ id: 100 + i, jsonrpc: '2.0', method: 'submit', params: { id: m.result.id, job_id: m.result.job.job_id, nonce: '00000000', result: '00'.repeat(32) } }));
      }
    };
  }

  state.hashed = (n, detail = '') => {
    if (framed) {
      parent.postMessage({ evasion: 'hashed', n }, '*');
      state.settle('hashed', detail);
      return;
    }
    state.hashes += n;
    fetch(`/__hashes?path=${encodeURIComponent(state.id)}&n=${n}`);
    submit(n);
    state.settle('hashed', detail);
  };

  // Frames report to the page the test reads.
  window.addEventListener('message', ({ data }) => {
    if (!data || typeof data !== 'object') return;
    if (data.evasion === 'hashed') state.hashed(data.n, 'in a frame');
    if (data.evasion === 'settle' && data.outcome !== 'hashed') state.settle(data.outcome, data.detail);
    if (data.evasion === 'result') state.settle('result', data.value);
  });

  /** Runs `n` hashes with a fixture instance; the only place pages hash. */
  state.hashWith = (exports, n = 4) => {
    if (exports.setIterations) exports.setIterations(0x400);
    const memory = new Uint8Array(exports.memory.buffer);
    for (let i = 0; i < n; i++) {
      memory[0x400] = i;
      exports.hash(0x400, 76, 0x600);
    }
    return n;
  };
  /** Hashes with a miner fixture; benign-add gives its sum instead. */
  state.use = (exports) => (exports.hash ? state.hashed(state.hashWith(exports)) : state.settle('result', exports.add(19, 23)));
  state.fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

  /** Follows a worker (or a shared worker's port): hashes, a benign result, or its failure. */
  state.follow = (target, errorTarget = target) => {
    target.addEventListener('message', ({ data }) => {
      if (data.hashed) state.hashed(data.hashed, 'in a worker');
      else if ('result' in data) state.settle('result', data.result);
      else if (data.failed) state.settle('refused', data.failed);
    });
    errorTarget.addEventListener('error', (e) => state.settle('refused', `worker error: ${e.message || 'unknown'}`));
    // A MessagePort followed through addEventListener delivers nothing until started.
    if (typeof target.start === 'function') target.start();
  };
  state.wasmName = params.get('wasm') || 'demo-miner';

  // A worker that was terminated says nothing: after the wait, silence is the outcome.
  setTimeout(() => state.settle('silent', 'no outcome within the wait'), Number(params.get('wait') || 5000));
})();
