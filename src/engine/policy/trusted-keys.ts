import { publicKeyProblem, type TrustedKey } from '../signing';

export function parseTrustedKeys(raw: unknown, label: string, errors: string[]): TrustedKey[] | undefined {
  if (!Array.isArray(raw)) {
    errors.push(`${label}: must be an array of { id, publicKey }`);
    return undefined;
  }
  const keys: TrustedKey[] = [];
  raw.forEach((entry, i) => {
    const r = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const id = typeof r.id === 'string' ? r.id.trim() : '';
    const problem = id === '' ? 'id must be a non-empty string' : publicKeyProblem(r.publicKey);
    if (problem) errors.push(`${label}[${i}]: ${problem}`);
    else if (keys.some((k) => k.id === id)) errors.push(`${label}[${i}]: duplicate id "${id}"`);
    else keys.push({ id, publicKey: (r.publicKey as string).replace(/\s+/g, '') });
  });
  return keys;
}
