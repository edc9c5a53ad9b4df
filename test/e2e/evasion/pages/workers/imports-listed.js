// Pulls in a library whose URL the built-in rules list as a miner.
'use strict';
try {
  importScripts('cryptonight.js');
  postMessage({ result: 'imported' });
} catch (e) {
  postMessage({ failed: `${e.name}: ${e.message}` });
}
