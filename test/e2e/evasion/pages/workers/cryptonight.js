// Named like a miner library: only its URL is under test, it does nothing.
'use strict';
self.onmessage = () => postMessage({ result: 'listed script ran' });
