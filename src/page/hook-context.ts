import type { HookChannel } from './hook-channel';
import { makeFinding, type FindingFields } from './make-finding';
import type { PagePolicy } from './page-policy';

export type HookedWindow = Window & typeof globalThis;

/** What every installer needs: the realm it patches and the channel/policy of the frame that owns it. */
export interface HookContext {
  win: HookedWindow;
  channel: HookChannel;
  policy: PagePolicy;
}

/** Reporting must never break the page call that triggered it. */
export function emit(ctx: HookContext, fields: FindingFields): void {
  try {
    ctx.channel.report(makeFinding(ctx.win, fields));
  } catch {
    // The refusal (if any) has already been decided; a lost report is the lesser harm.
  }
}
