import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { judgeLikeTheHook } from '../../../fixtures/miners/judge-like-hook';
import { ROOT } from './fixture-helpers';

export { FAMILY_NAMES } from '../../../fixtures/miners/judge-like-hook';

export interface MinerEntry {
  file: string; family: string; variant: string; toolchain: string; opt: string; obfuscation: string | null; sha256: string;
}

const DIR = resolve(ROOT, 'test/fixtures/miners');

export function loadMinerManifest(): { entries: MinerEntry[] } | undefined {
  const p = resolve(DIR, 'manifest.json');
  if (!existsSync(p)) return undefined;
  const m = JSON.parse(readFileSync(p, 'utf8')) as { entries: MinerEntry[] };
  return { entries: m.entries.filter((e) => existsSync(resolve(DIR, e.file))) };
}

export function minerBytes(e: MinerEntry): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(resolve(DIR, e.file)));
}

/** The verdict the page hook would reach for this fixture. */
export function judgeAsTheHookDoes(e: MinerEntry): ReturnType<typeof judgeLikeTheHook> {
  return judgeLikeTheHook(minerBytes(e));
}
