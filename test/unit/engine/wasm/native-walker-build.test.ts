import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { compileNativeWalker } from '../../../../scripts/build-native-walker.mjs';
import { ROOT } from './fixture-helpers';

describe('committed native walker (src/engine/wasm/native/walker-wasm.generated.ts)', () => {
  it('is what walker.as.ts compiles to today (else run npm run build:native-walker)', async () => {
    const fresh: string = await compileNativeWalker();
    expect(readFileSync(resolve(ROOT, 'src/engine/wasm/native/walker-wasm.generated.ts'), 'utf8')).toBe(fresh);
  }, 60_000);
});
