// Where a hooked realm runs. The same installers serve a window and a worker global;
// what differs is what relative URLs resolve against and how findings say where they
// came from.
import type { Finding } from '../engine/types';
import type { HookedWindow } from './hook-context';

export type RealmContext = NonNullable<Finding['context']>;

export interface HookScope {
  context: RealmContext;
  /** What relative script, socket and fetch URLs resolve against. */
  baseUrl(): string;
  /** The page's host and origin: rule initiator, site allowlist, wording of refusals. */
  host: string;
  origin: string;
  /** The document the findings belong to (for a worker: the page that started it). */
  frameUrl(): string;
  /** A worker's original script URL: the `url` of its findings that name no other. */
  scriptUrl?: string;
}

export function windowScope(win: HookedWindow): HookScope {
  const { location } = win;
  return {
    context: 'page',
    baseUrl: () => win.document.baseURI,
    host: location.hostname,
    origin: location.origin,
    frameUrl: () => String(location.href),
  };
}
