// Issue 9, attack 1: the page lies through its own built-ins before it compiles, so an
// analyser that used them would see no crypto. Loaded after common.js (which keeps
// working: it uses none of these), in a page or with importScripts in a worker.
'use strict';
(() => {
  const no = () => false;
  Set.prototype.has = no;
  Set.prototype.add = function add() { return this; };
  Map.prototype.get = () => undefined;
  Map.prototype.has = no;
  Map.prototype.set = function set() { return this; };
  Array.prototype.includes = no;
  Array.prototype.indexOf = () => -1;
  Array.prototype.some = no;
  Array.prototype.push = () => 0;
  String.prototype.includes = no;
  String.prototype.indexOf = () => -1;
  String.prototype.startsWith = no;
  String.prototype.charCodeAt = () => 0;
  Math.imul = () => 0;
  for (let i = 0; i < 32; i++) Object.defineProperty(Array.prototype, i, { get() { return 0; }, set() {}, configurable: true });
})();
