import { describe, expect, it } from 'vitest';
import { CSV_HEADERS, csvCell, exportCsv, exportJson, findingsReport } from '../../../../src/engine/export/index';
import type { ExportEnvironment, ExportableFinding } from '../../../../src/engine/export/index';

const env: ExportEnvironment = { extensionVersion: '0.1.0', browser: { userAgent: 'Mozilla/5.0 Test', name: 'Firefox', version: '153.0' } };
const T = Date.UTC(2026, 0, 2, 3, 4, 5);

const finding = (over: Partial<ExportableFinding> = {}): ExportableFinding => ({
  kind: 'wasm',
  verdict: 'miner',
  action: 'blocked',
  reason: 'CryptoNight: AES+Keccak',
  time: T,
  id: 'f1',
  frameId: 2,
  pageUrl: 'https://shop.example/p',
  site: 'shop.example',
  url: 'https://cdn.example/m.wasm',
  primitives: ['keccak', 'aes-round'],
  hashes: { sha256: 'a'.repeat(64) },
  ...over,
});

/** A small RFC 4180 reader, to check the writer round-trips rather than matching strings. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('guards cells a spreadsheet would run as formulas', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      const cell = csvCell(evil);
      const value = parseCsv(`${cell}\r\n`)[0][0];
      expect(value.startsWith("'")).toBe(true);
      expect(value.slice(1)).toBe(evil);
    }
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('exportCsv', () => {
  it('writes a header and one row per finding that reads back to the same values', () => {
    const tricky = finding({ id: 'f2', reason: '=cmd|" /c calc"!A0, and\nmore', url: 'https://x.example/?a=1,2', primitives: undefined, hashes: undefined });
    const rows = parseCsv(exportCsv([finding(), tricky], env));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(CSV_HEADERS);
    const col = (name: string) => rows[0].indexOf(name);
    expect(rows[1][col('time')]).toBe('2026-01-02T03:04:05.000Z');
    expect(rows[1][col('primitives')]).toBe('keccak; aes-round');
    expect(rows[1][col('sha256')]).toBe('a'.repeat(64));
    expect(rows[1][col('frame_id')]).toBe('2');
    expect(rows[1][col('browser')]).toBe('Firefox 153.0');
    expect(rows[1][col('extension_version')]).toBe('0.1.0');
    expect(rows[2][col('reason')]).toBe(`'=cmd|" /c calc"!A0, and\nmore`);
    expect(rows[2][col('url')]).toBe('https://x.example/?a=1,2');
    expect(rows.every((r) => r.length === CSV_HEADERS.length)).toBe(true);
  });

  it('names the browser by user agent where it has no name (Chrome)', () => {
    const rows = parseCsv(exportCsv([finding()], { extensionVersion: '1.2.3', browser: { userAgent: 'Mozilla/5.0 (X11) Chrome/156' } }));
    expect(rows[1][rows[0].indexOf('browser')]).toBe('Mozilla/5.0 (X11) Chrome/156');
  });
});

describe('JSON export and report', () => {
  it('carries what, where, when, evidence and the environment', () => {
    const doc = JSON.parse(exportJson([finding({ ruleId: 'nocoin:12' })], env, T + 1000));
    expect(doc).toMatchObject({
      format: 'miner-sentry-findings',
      version: 1,
      generatedAt: '2026-01-02T03:04:06.000Z',
      extension: { name: 'Miner Sentry', version: '0.1.0' },
      browser: env.browser,
    });
    expect(doc.findings[0]).toEqual({
      id: 'f1', time: '2026-01-02T03:04:05.000Z', kind: 'wasm', verdict: 'miner', action: 'blocked',
      reason: 'CryptoNight: AES+Keccak', ruleId: 'nocoin:12', primitives: ['keccak', 'aes-round'],
      url: 'https://cdn.example/m.wasm', frameId: 2, pageUrl: 'https://shop.example/p', site: 'shop.example',
      sha256: 'a'.repeat(64),
    });
  });

  it('reports carry a batch id and the send time', () => {
    const report = findingsReport([finding()], env, 'batch-1', T);
    expect(report).toMatchObject({ format: 'miner-sentry-report', version: 1, batchId: 'batch-1', sentAt: '2026-01-02T03:04:05.000Z' });
    expect(report.findings).toHaveLength(1);
  });
});

describe('repeat counts', () => {
  it('exports how often a finding repeated, and nothing when it came once', () => {
    const once: ExportableFinding = { kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'r', time: 0, count: 1 };
    const again: ExportableFinding = { ...once, count: 7 };
    const records = JSON.parse(exportJson([once, again], { extensionVersion: '1', browser: { userAgent: 'UA' } }, 0)).findings;
    expect(records[0]).not.toHaveProperty('count');
    expect(records[1].count).toBe(7);
  });
});
