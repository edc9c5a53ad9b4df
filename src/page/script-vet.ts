// A worker's own script, and each script it imports, judged by the page's content and hash
// rules before it runs: no Wasm analyser sees a miner written in plain JS. Only rules of
// those types make the text worth reading; without them nothing is fetched. A classic
// load reads the script with a synchronous XHR (the load that follows mostly comes from
// the HTTP cache); a module worker fetches it before its dynamic import.
//
// A classic worker started before the rules came cannot wait for them: its script is read
// anyway, runs, and is judged once they arrive; a block then stops the worker.
import { engine } from './engine';
import type { PageMatcher } from '../engine/rules/page-matcher';
import type { HashAlgorithm, Hashes, RuleHit } from '../engine/types';
import { emit, type HookContext } from './hook-context';
import { apply, getOwnPropertyDescriptor, getterOf, NativeUint8Array, promiseThen } from './intrinsics';
import { levelOfRule, ruleReason } from './make-finding';
import { judgesScripts } from './page-policy';
import { pristine, RealmTampered } from './realm-guard';

export interface ScriptRuleHit {
  hit: RuleHit;
  /** The rules' algorithms, plus the SHA-256 that evidence carries. */
  hashes: Hashes;
}

/** The strongest content or hash rule hit on a script's bytes and text. */
export function matchScriptRules(matcher: PageMatcher, bytes: Uint8Array, text: string): ScriptRuleHit | null {
  const algorithms = matcher.hashAlgorithms();
  const hashes = algorithms.length ? digests(bytes, algorithms) : null;
  const byContent = matcher.matchContent(text);
  const byHash = hashes ? matcher.matchHashes(hashes) : null;
  const hit = byContent && (byContent.action === 'block' || !byHash) ? byContent : byHash;
  if (!hit) return null;
  const evidence: Hashes = hashes ?? {};
  if (evidence.sha256 === undefined) {
    const sha256 = digests(bytes, ['sha256'])?.sha256;
    if (sha256 !== undefined) evidence.sha256 = sha256;
  }
  return { hit, hashes: evidence };
}

/**
 * The digests, taken on the built-ins of install time; null when the page made that
 * impossible (the content rules still apply, as the matcher guards its own calls).
 */
function digests(bytes: Uint8Array, algorithms: HashAlgorithm[]): Hashes | null {
  try {
    return pristine(() => engine().hashBytes(bytes, algorithms));
  } catch (e) {
    if (e instanceof RealmTampered) return null;
    throw e;
  }
}

/** Where a script is read from, and how its finding names it. */
export interface ScriptLoad {
  /** What the worker loads: for a blob: worker, an object URL of the same Blob. */
  source: string;
  /** The script URL as the page gave it. */
  url: string;
  kind: 'worker' | 'script';
  api: string;
}

export interface ScriptVetter {
  /** For importScripts and the classic wrapper: false when the script must not run. */
  vetSync(load: ScriptLoad): boolean;
  /** For a module worker's own script. */
  vetAsync(load: ScriptLoad): Promise<boolean>;
}

type Fn = (...args: never[]) => unknown;

/** Captures what it needs now, before the worker's own code can replace it. */
export function createScriptVetter(ctx: HookContext): ScriptVetter {
  const { win } = ctx;
  const XHR = (win as unknown as { XMLHttpRequest?: new () => object }).XMLHttpRequest;
  const xhrProto = XHR?.prototype as Record<string, Fn> | undefined;
  const xhrOpen = xhrProto?.open;
  const xhrSend = xhrProto?.send;
  const setResponseType = xhrProto ? getOwnPropertyDescriptor(xhrProto, 'responseType')?.set : undefined;
  const readResponse = getterOf(xhrProto, 'response');
  const readStatus = getterOf(xhrProto, 'status');
  const nativeFetch = win.fetch;
  const readArrayBuffer = win.Response?.prototype.arrayBuffer;
  const readOk = getterOf(win.Response?.prototype, 'ok');
  const Decoder = win.TextDecoder;
  const decode = Decoder?.prototype.decode;

  /** 'yes' when the rules judge script text, 'later' while they have not come. */
  function wanted(): 'yes' | 'no' | 'later' {
    if (ctx.channel.config() === null) return 'later';
    const matcher = ctx.policy.checking() ? ctx.policy.matcher() : null;
    return matcher && judgesScripts(matcher) ? 'yes' : 'no';
  }

  function ok(status: number): boolean {
    // 0: a data: or blob: URL, which has no HTTP status.
    return status === 0 || (status >= 200 && status < 300);
  }

  function readSync(url: string): Uint8Array | null {
    if (!XHR || !xhrOpen || !xhrSend || !setResponseType || !readResponse || !readStatus) return null;
    try {
      const xhr = new XHR();
      apply(xhrOpen, xhr, ['GET', url, false]);
      apply(setResponseType, xhr, ['arraybuffer']);
      apply(xhrSend, xhr, []);
      const body = apply(readResponse, xhr, []) as ArrayBuffer | null;
      return body && ok(apply(readStatus, xhr, []) as number) ? new NativeUint8Array(body) : null;
    } catch {
      return null; // Unreadable here (cross-origin, network error): the load itself decides.
    }
  }

  async function readAsync(url: string): Promise<Uint8Array | null> {
    if (typeof nativeFetch !== 'function' || !readArrayBuffer || !readOk) return null;
    try {
      const response = await (apply(nativeFetch, win, [url, { credentials: 'same-origin' }]) as Promise<Response>);
      if (!apply(readOk, response, [])) return null;
      return new NativeUint8Array(await (apply(readArrayBuffer, response, []) as Promise<ArrayBuffer>));
    } catch {
      return null;
    }
  }

  function textOf(bytes: Uint8Array): string {
    if (!Decoder || !decode) return '';
    try {
      return apply(decode, new Decoder(), [bytes]) as string;
    } catch {
      return '';
    }
  }

  /** Reports what the rules say about the script; true when it must not run. */
  function judge(bytes: Uint8Array, load: ScriptLoad): boolean {
    const matcher = ctx.policy.matcher();
    if (!matcher || !ctx.policy.checking()) return false;
    const found = matchScriptRules(matcher, bytes, textOf(bytes));
    if (!found) return false;
    const refuse = found.hit.action === 'block' && ctx.policy.blocking();
    emit(ctx, {
      kind: load.kind, verdict: levelOfRule(found.hit), action: refuse ? 'blocked' : 'reported',
      reason: ruleReason(found.hit), ruleId: found.hit.ruleId, url: load.url, api: load.api, hashes: found.hashes,
    });
    return refuse;
  }

  return {
    vetSync(load) {
      const need = wanted();
      if (need === 'no') return true;
      const bytes = readSync(load.source);
      if (!bytes) return true;
      if (need === 'yes') return !judge(bytes, load);
      apply(promiseThen, ctx.channel.afterConfig(), [() => {
        if (wanted() === 'yes') judge(bytes, load);
      }]);
      return true;
    },
    async vetAsync(load) {
      await ctx.channel.whenConfigured();
      if (wanted() !== 'yes') return true;
      const bytes = await readAsync(load.source);
      return !bytes || !judge(bytes, load);
    },
  };
}
