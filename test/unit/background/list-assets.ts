// The background fetches bundled list files from its own package; in tests the URLs vite
// gives them are repo-root paths, served here from disk.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { vi } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

export function serveListAssetsFromDisk(): void {
  vi.stubGlobal('fetch', async (url: string | URL) => {
    const path = String(url).split('?')[0];
    try {
      return new Response(readFileSync(resolve(root, `.${path}`), 'utf8'));
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
