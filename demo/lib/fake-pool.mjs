// A stand-in for a mining pool, speaking the JSON shapes that web miners use
// (login → job → submit). It never validates work: it only counts what it is
// sent, so tests can say "the page never got to submit a share".
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';

const BLOB_BYTES = 76;
// Little-endian 0x3fffffff: about one hash in four counts as a share, so an
// unprotected demo submits within seconds even while throttled.
const SHARE_TARGET = 'ffffff3f';

function newJob(seq) {
  return { job_id: `job-${seq}-${randomBytes(3).toString('hex')}`, blob: randomBytes(BLOB_BYTES).toString('hex'), target: SHARE_TARGET };
}

function emptyStats() {
  return { connections: 0, logins: 0, submits: 0, messages: 0, lastLogin: null };
}

export function createFakePool({ jobIntervalMs }) {
  const wss = new WebSocketServer({ noServer: true });
  /** Per pool path, e.g. `/pool` and `/pool/eu`, so tests can tell pages apart. */
  let stats = new Map();
  let jobSeq = 0;
  let workerSeq = 0;

  function statsFor(path) {
    if (!stats.has(path)) stats.set(path, emptyStats());
    return stats.get(path);
  }

  function handleMessage(ws, path, text, session) {
    const s = statsFor(path);
    s.messages++;
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      ws.send(JSON.stringify({ id: null, error: { code: -32700, message: 'parse error' } }));
      return;
    }
    const reply = (body) => ws.send(JSON.stringify({ id: msg.id ?? null, jsonrpc: '2.0', ...body }));
    switch (msg.method) {
      case 'login': {
        s.logins++;
        s.lastLogin = { login: msg.params?.login ?? null, agent: msg.params?.agent ?? null, time: Date.now() };
        session.workerId = `worker-${++workerSeq}`;
        session.job = newJob(++jobSeq);
        reply({ error: null, result: { id: session.workerId, job: session.job, status: 'OK' } });
        session.timer = setInterval(() => {
          session.job = newJob(++jobSeq);
          ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'job', params: { ...session.job, id: session.workerId } }));
        }, jobIntervalMs);
        return;
      }
      case 'submit':
        s.submits++;
        reply({ error: null, result: { status: 'OK' } });
        return;
      case 'keepalived':
        reply({ error: null, result: { status: 'KEEPALIVED' } });
        return;
      default:
        reply({ error: { code: -1, message: `unknown method ${String(msg.method)}` } });
    }
  }

  wss.on('connection', (ws, req) => {
    const path = new URL(req.url, 'ws://pool').pathname;
    statsFor(path).connections++;
    const session = { workerId: null, job: null, timer: null };
    // Binary frames too: pool proxies accept JSON-RPC either way, and so must a miner blocker.
    ws.on('message', (data) => handleMessage(ws, path, data.toString('utf8'), session));
    ws.on('close', () => clearInterval(session.timer));
  });

  return {
    /** Takes over an HTTP upgrade when the path is one of the pool's. */
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url, 'ws://pool').pathname;
      if (path !== '/pool' && !path.startsWith('/pool/')) return false;
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    stats() {
      const pools = Object.fromEntries(stats);
      const total = emptyStats();
      for (const s of stats.values()) {
        total.connections += s.connections;
        total.logins += s.logins;
        total.submits += s.submits;
        total.messages += s.messages;
      }
      delete total.lastLogin;
      return { pools, total };
    },
    reset() {
      stats = new Map();
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
