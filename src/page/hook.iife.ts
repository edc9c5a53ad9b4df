// MAIN-world entry, run at document_start in every frame before page scripts.
// Start-up only opens the channel and swaps a few functions; all analysis waits
// until the page actually calls a hooked API.
//
// The directive survives into the IIFE bundle, which is otherwise emitted as sloppy
// script: sloppy functions expose `fn.caller`, which would let a page callback run
// from inside a hook (a toString getter, an imports getter) walk up to our internals.
'use strict';
import { WORKER_HOOK_SOURCE } from './generated/worker-hook-source';
import { openHookChannel } from './hook-channel';
import { installHooks } from './install-hooks';

const win = window as Window & typeof globalThis;
// Does nothing where the parent frame reached this realm first: its channel serves it.
installHooks(win, () => openHookChannel(win), WORKER_HOOK_SOURCE);
