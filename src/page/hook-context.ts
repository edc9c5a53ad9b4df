import type { BehaviourSink } from './behaviour';
import type { HookChannel } from './hook-channel';
import type { HookScope } from './hook-scope';
import { makeFinding, type FindingFields } from './make-finding';
import type { PagePolicy } from './page-policy';
import { pristine, RealmTampered } from './realm-guard';

export type HookedWindow = Window & typeof globalThis;

/** What every installer needs: the realm it patches and the channel/policy of the frame that owns it. */
export interface HookContext {
  /** The global it patches: a window, or a worker global typed alike (installers feature-test what they use). */
  win: HookedWindow;
  channel: HookChannel;
  policy: PagePolicy;
  scope: HookScope;
  behaviour: BehaviourSink;
  /**
   * Reads the source of the hook function (hook-main.ts) that workers run first, or null where
   * workers are not instrumented. Read when a worker starts, not in every frame at install.
   */
  workerHook: (() => string) | null;
}

/**
 * Reporting must never break the page call that triggered it; the refusal (if any) has
 * already been decided, and a lost report is the lesser harm. Building and encoding the
 * finding uses built-ins too, so it runs on the pristine ones where it can.
 */
export function emit(ctx: HookContext, fields: FindingFields): void {
  const send = (): void => ctx.channel.report(makeFinding(ctx.scope, fields));
  try {
    pristine(send);
  } catch (e) {
    if (!(e instanceof RealmTampered)) return;
    try {
      send();
    } catch {
      // Lost, see above.
    }
  }
}
