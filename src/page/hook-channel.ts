// The hook's end of the hook ↔ bridge channel. See channel-events.ts for the wire.
//
// Config timing: the hook starts in `block` mode with no rules, so fingerprints work
// before the bridge has answered. Async APIs wait for the PageConfig at most
// CONFIG_WAIT_MS (counted from their first call) and then go on with fingerprints
// only; sync APIs (`new WebAssembly.Module`, `new Worker`…) cannot wait and use
// whatever config has arrived by then. The config is asked for on the first question
// about it (WANT_CONFIG_EVENT), not pushed at start-up: most frames never ask.
import type { Finding } from '../engine/types';
import type { PageConfig } from '../engine/protocol';
import { CONFIG_EVENT, FINDING_EVENT, HELLO_EVENT, WANT_CONFIG_EVENT } from './channel-events';
import { apply, getterOf, NativePromise } from './intrinsics';
import { encodeJson, type JsonValue } from './json-text';
import { parseConfig } from './page-config';

export const CONFIG_WAIT_MS = 1500;

export interface HookChannel {
  report(finding: Finding): void;
  /** The latest PageConfig from the bridge, or null while none has arrived. */
  config(): PageConfig | null;
  /** Resolves once a config is there, or CONFIG_WAIT_MS after the first call. */
  whenConfigured(): Promise<void>;
  /** Resolves once a config is there, however late: for checks made again after the fact. */
  afterConfig(): Promise<void>;
}

export function openHookChannel(win: Window & typeof globalThis): HookChannel {
  const doc = win.document;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const listen = win.EventTarget.prototype.addEventListener;
  const readDetail = getterOf(win.CustomEvent.prototype, 'detail')!;
  const NativeCustomEvent = win.CustomEvent;
  const setTimer = win.setTimeout;
  // A detached element: listeners on it survive document.open(), which erases the
  // listeners of the document and window, and no page script can reach it.
  const port = apply(win.Document.prototype.createElement, doc, ['span']) as Element;

  let current: PageConfig | null = null;
  let waiting: Promise<void> | null = null;
  let release: (() => void) | null = null;
  let arrived: Promise<void> | null = null;
  let announce: (() => void) | null = null;

  apply(listen, port, [CONFIG_EVENT, (event: Event) => {
    const next = parseConfig(apply(readDetail, event, []));
    if (!next) return;
    current = next;
    release?.();
    announce?.();
  }]);
  apply(dispatch, doc, [new win.MouseEvent(HELLO_EVENT, { relatedTarget: port })]);

  let asked = false;
  /** Asks once; a bridge that has the config answers within this call. */
  function ask(): void {
    if (asked || current) return;
    asked = true;
    apply(dispatch, port, [new NativeCustomEvent(WANT_CONFIG_EVENT)]);
  }

  return {
    report(finding) {
      const detail = encodeJson(finding as unknown as JsonValue);
      apply(dispatch, port, [new NativeCustomEvent(FINDING_EVENT, { detail })]);
    },
    config() {
      ask();
      return current;
    },
    whenConfigured() {
      ask();
      if (current) return new NativePromise<void>((resolve) => resolve());
      waiting ??= new NativePromise<void>((resolve) => {
        release = resolve;
        apply(setTimer, win, [resolve, CONFIG_WAIT_MS]);
      });
      return waiting;
    },
    afterConfig() {
      ask();
      if (current) return new NativePromise<void>((resolve) => resolve());
      arrived ??= new NativePromise<void>((resolve) => { announce = resolve; });
      return arrived;
    },
  };
}
