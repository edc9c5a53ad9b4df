// Which copy of the hook owns a realm. Two copies can meet in one realm: Chromium runs our
// content script in a new about:blank frame before its parent can reach that frame, and
// then the parent's copy adopts it on first access (child-realm-hooks.ts); elsewhere the
// parent may come first and our content script later; and a worker's code can run its
// wrapper again. The second copy must not hook the realm again.
//
// The owner answers a question only another copy asks: a cancelable event on the global.
// Its capture listener is registered before any page code can reach the realm, so it runs
// first, cancels the event and stops it there: no page listener sees the question, and the
// global carries no mark a page could list (a registered symbol on it used to tell every
// page the extension was there). A page that knows the event's name can still ask
// itself; that tells it no more than a refused miner module would.
//
// A page that erases the listener (document.open() on an adopted frame) only gets a realm
// hooked twice: both copies judge, neither is lifted.
import { apply, SafeWeakMap, setPrototypeOf } from './intrinsics';

const CLAIM_EVENT = 'miner-sentry:claim';

type Fn = (this: unknown, ...args: unknown[]) => unknown;
// Captured when this copy loads, in its own realm, before page code; they work on any realm's globals.
const NativeEvent = globalThis.Event as typeof Event | undefined;
const dispatch = globalThis.EventTarget?.prototype.dispatchEvent as Fn | undefined;
const listen = globalThis.EventTarget?.prototype.addEventListener as Fn | undefined;
const cancel = NativeEvent?.prototype.preventDefault as Fn | undefined;
const stop = NativeEvent?.prototype.stopImmediatePropagation as Fn | undefined;

/** Realms this copy has asked about: each is asked once, however often the page reaches it. */
const asked = new SafeWeakMap<object, true>();

function answer(event: Event): void {
  apply(stop!, event, []);
  apply(cancel!, event, []);
}

/** True when this copy of the hook now owns `realm`; false when another copy already does. */
export function claimRealm(realm: object): boolean {
  if (asked.has(realm)) return false;
  asked.set(realm, true);
  let owned = true;
  if (NativeEvent && dispatch && listen && cancel && stop) {
    // No prototype: the event's constructor reads its options through the prototype chain.
    const init: EventInit = { cancelable: true };
    setPrototypeOf(init, null);
    try {
      owned = apply(dispatch, realm, [new NativeEvent(CLAIM_EVENT, init)]) as boolean;
      if (owned) apply(listen, realm, [CLAIM_EVENT, answer, true]);
    } catch {
      // A global that is no event target (a test realm): nothing can ask, so this copy owns it.
    }
  }
  return owned;
}
