// Starts the miner one level down and relays, as miners that spawn a pool of workers do.
'use strict';
const inner = new Worker('classic.js');
inner.onmessage = ({ data }) => postMessage(data);
inner.onerror = (e) => postMessage({ failed: `nested worker error: ${e.message}` });
self.onmessage = ({ data }) => inner.postMessage(data);
