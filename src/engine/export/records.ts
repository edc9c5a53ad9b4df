import type { ExportRecord, ExportableFinding } from './types';

export function toExportRecord(f: ExportableFinding): ExportRecord {
  const r: ExportRecord = { time: new Date(f.time).toISOString(), kind: f.kind, verdict: f.verdict, action: f.action, reason: f.reason };
  if (f.id) r.id = f.id;
  if (f.ruleId) r.ruleId = f.ruleId;
  if (f.primitives?.length) r.primitives = [...f.primitives];
  if (f.url) r.url = f.url;
  if (f.frameUrl) r.frameUrl = f.frameUrl;
  if (typeof f.frameId === 'number') r.frameId = f.frameId;
  if (typeof f.count === 'number' && f.count > 1) r.count = f.count;
  if (f.pageUrl) r.pageUrl = f.pageUrl;
  if (f.site) r.site = f.site;
  if (f.context) r.context = f.context;
  if (f.api) r.api = f.api;
  if (f.hashes?.sha256) r.sha256 = f.hashes.sha256;
  if (f.hashes?.sha1) r.sha1 = f.hashes.sha1;
  if (f.hashes?.md5) r.md5 = f.hashes.md5;
  return r;
}
