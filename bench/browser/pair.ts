import type { BrowserKind } from '../../test/e2e/harness/constants';
import { launchBench, type BenchBrowser } from './launch';

/** Two instances of one browser binary: the same flags, one with the extension installed. */
export interface BrowserPair { kind: BrowserKind; plain: BenchBrowser; ext: BenchBrowser }

export async function openPair(kind: BrowserKind, extensionDir: string): Promise<BrowserPair> {
  const plain = await launchBench(kind, null);
  try {
    return { kind, plain, ext: await launchBench(kind, extensionDir) };
  } catch (err) {
    await plain.close();
    throw err;
  }
}

export async function closePair(pair: BrowserPair): Promise<void> {
  await Promise.all([pair.plain.close(), pair.ext.close()]);
}
