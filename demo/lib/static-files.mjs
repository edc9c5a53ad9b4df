import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

// instantiateStreaming refuses anything not served as application/wasm.
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** Maps a URL path below a mount to a file inside root, or null when it would escape root. */
function resolveInside(root, relativeUrlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(relativeUrlPath);
  } catch {
    return null;
  }
  const path = normalize(join(root, decoded));
  return path === root || path.startsWith(root + sep) ? path : null;
}

/** Serves the file for `urlPath` from the first mount whose prefix matches; false when none has it. */
export async function serveStatic(mounts, urlPath, res) {
  for (const { prefix, root } of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    let file = resolveInside(root, urlPath.slice(prefix.length) || '/');
    if (!file) continue;
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) continue;
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // A cached response would hide from the request log whether the browser asked again.
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
    return true;
  }
  return false;
}
