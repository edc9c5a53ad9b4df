import type { ResourceType, RuleHit } from '../engine/types';
import type { HookContext } from './hook-context';
import { construct, NativeURL } from './intrinsics';

/** Resolves a script/socket URL the way the constructor will, or null if it will not parse. */
export function resolveUrl(ctx: HookContext, value: unknown): string | null {
  try {
    // String() mirrors the constructor's own conversion (TrustedScriptURL, URL objects…).
    return (construct(NativeURL, [String(value), ctx.scope.baseUrl()]) as URL).href;
  } catch {
    return null;
  }
}

/** First rule that speaks about this URL (script-url regexes, then its host), unless an allow rule covers it. */
export function matchLoadUrl(ctx: HookContext, url: string, resourceType: ResourceType): RuleHit | null {
  const matcher = ctx.policy.matcher();
  if (!matcher || matcher.isRequestAllowed(url)) return null;
  const match = { resourceType, initiatorHost: ctx.scope.host };
  const hit = matcher.matchScriptUrl(url, match);
  if (hit) return hit;
  try {
    return matcher.matchHost((construct(NativeURL, [url]) as URL).hostname, match);
  } catch {
    return null;
  }
}
