// Tests prove that a blocked request never left the browser by asking the
// server what it saw, so every request is remembered with the Host it named.
const LIMIT = 5000;

export function createRequestLog() {
  let entries = [];
  return {
    record(req, localPort) {
      entries.push({ time: Date.now(), method: req.method, host: req.headers.host ?? '', url: req.url, port: localPort });
      if (entries.length > LIMIT) entries = entries.slice(-LIMIT);
    },
    query({ host } = {}) {
      if (!host) return entries;
      const wanted = host.toLowerCase();
      return entries.filter((e) => e.host.toLowerCase().split(':')[0] === wanted);
    },
    reset() {
      entries = [];
    },
  };
}
