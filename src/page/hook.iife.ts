// MAIN-world entry, run at document_start in every frame before page scripts.
// Start-up only opens the channel and swaps a few functions; all analysis waits
// until the page actually calls a hooked API.
//
// The hook is one generated function (scripts/build-page-hook.mjs, from hook-main.ts) so
// that workers can be given its own source. It carries its own 'use strict': sloppy
// functions expose `fn.caller`, which would let a page callback run from inside a hook
// (a toString getter, an imports getter) walk up to our internals.
import { minerSentryHook } from './generated/hook-function';

minerSentryHook();
