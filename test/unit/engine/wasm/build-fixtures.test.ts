import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { BUILD_DIR, buildFixtures } from '../../../../scripts/build-fixtures.mjs';

describe('committed fixture binaries', () => {
  it('are byte-identical to a fresh build from their WAT sources', async () => {
    const built: Map<string, Uint8Array> = await buildFixtures();
    const committed = readdirSync(BUILD_DIR).filter((f) => f.endsWith('.wasm')).map((f) => f.slice(0, -5)).sort();
    expect(committed).toEqual([...built.keys()].sort());
    for (const [name, bytes] of built) {
      expect(Buffer.compare(Buffer.from(bytes), readFileSync(join(BUILD_DIR, `${name}.wasm`))), name).toBe(0);
    }
  });
});
