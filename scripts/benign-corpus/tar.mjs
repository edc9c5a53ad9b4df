// Minimal reader for npm tarballs (gzip + ustar, with pax and GNU long names), so the
// corpus needs no extra dependency. Reads the whole archive in memory: npm tarballs are small.
import { gunzipSync } from 'node:zlib';

function field(buf, start, len) {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end >= 0 && end < start + len ? end : start + len);
}

function octal(buf, start, len) {
  // GNU base-256 size for entries over 8 GiB never happens in npm tarballs; refuse it loudly.
  if (buf[start] & 0x80) throw new Error('tar: base-256 size field not supported');
  const text = field(buf, start, len).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function paxPath(body) {
  let path;
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(body.toString('utf8', i, sp), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = body.toString('utf8', sp + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    i += len;
  }
  return path;
}

/** Yields { path, data } for every regular file of a .tgz buffer. */
export function* readTgz(gz) {
  const buf = gunzipSync(gz);
  let off = 0;
  let longName;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(buf, off + 124, 12);
    const type = String.fromCharCode(buf[off + 156] || 0x30);
    const name = field(buf, off, 100);
    const magic = field(buf, off + 257, 6);
    const prefix = magic.startsWith('ustar') ? field(buf, off + 345, 155) : '';
    const dataStart = off + 512;
    const data = buf.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') { longName = paxPath(Buffer.from(data)) ?? longName; continue; }
    if (type === 'L') { longName = field(Buffer.from(data), 0, data.length); continue; }
    if (type === 'g') continue;
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    if (type === '0' || type === '7' || type === '\0') yield { path, data };
  }
}
