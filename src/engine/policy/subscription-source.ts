import type { SubscriptionSource } from './types';
import { remoteUrlProblem } from './remote-url';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const KEYS = ['url', 'name', 'sha256', 'requireSignature', 'sigUrl'];

/** One subscription entry; `problems` name the field. An entry with a bad field is refused whole. */
export function parseSubscriptionSource(raw: unknown): { source: SubscriptionSource | null; problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { source: null, problems: ['must be an object with a url'] };
  }
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  const urlProblem = remoteUrlProblem(r.url);
  if (urlProblem) problems.push(`url ${urlProblem}`);
  if (r.name !== undefined && (typeof r.name !== 'string' || r.name.trim() === '')) problems.push('name must be a non-empty string');
  const sha256 = typeof r.sha256 === 'string' ? r.sha256.trim().toLowerCase() : r.sha256;
  if (sha256 !== undefined && (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256))) {
    problems.push('sha256 must be 64 hex digits');
  }
  if (r.requireSignature !== undefined && typeof r.requireSignature !== 'boolean') problems.push('requireSignature must be true or false');
  if (r.sigUrl !== undefined) {
    const sigProblem = remoteUrlProblem(r.sigUrl);
    if (sigProblem) problems.push(`sigUrl ${sigProblem}`);
  }
  for (const key of Object.keys(r)) if (!KEYS.includes(key)) problems.push(`unknown property "${key}"`);
  // A pin or signature requirement silently dropped would weaken what the admin asked for.
  if (problems.length) return { source: null, problems };

  const source: SubscriptionSource = { url: r.url as string };
  if (typeof r.name === 'string') source.name = r.name.trim();
  if (typeof sha256 === 'string') source.sha256 = sha256;
  if (typeof r.requireSignature === 'boolean') source.requireSignature = r.requireSignature;
  if (typeof r.sigUrl === 'string') source.sigUrl = r.sigUrl;
  return { source, problems };
}

export function parseSubscriptionList(raw: unknown, label: string, errors: string[]): SubscriptionSource[] | undefined {
  if (!Array.isArray(raw)) {
    errors.push(`${label}: must be an array of { url, name?, sha256?, requireSignature?, sigUrl? }`);
    return undefined;
  }
  const out: SubscriptionSource[] = [];
  raw.forEach((entry, i) => {
    const { source, problems } = parseSubscriptionSource(entry);
    for (const p of problems) errors.push(`${label}[${i}]: ${p}`);
    if (!source) return;
    if (out.some((s) => s.url === source.url)) errors.push(`${label}[${i}]: duplicate url ${source.url}`);
    else out.push(source);
  });
  return out;
}
