export type ListFormat = 'native' | 'abp' | 'hosts';

const HOSTS_LINE = /^(?:(?:\d{1,3}\.){3}\d{1,3}|::1?)\s+\S|^[a-z0-9*_.-]+(?::\d+)?$/i;
const ABP_LINE = /^(?:\|\||@@|\||\/|\$|!)|#[@?$%]{0,2}#|\^(?:\$|$)/;

/**
 * Guesses the format from content, not file names: subscriptions arrive as bare
 * text. JSON objects are native; an `[Adblock Plus …]` style header or a majority
 * of filter-shaped lines means ABP; anything else is read as a hosts file.
 */
export function detectFormat(text: string): ListFormat {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return 'native';
  let abp = 0;
  let hosts = 0;
  let seen = 0;
  for (const raw of trimmed.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('# ') || line === '#') continue;
    if (seen === 0 && /^\[(?:Adblock|uBlock|AdGuard)[^\]]*\]$/i.test(line)) return 'abp';
    if (ABP_LINE.test(line)) abp++;
    else if (HOSTS_LINE.test(line)) hosts++;
    if (++seen >= 500) break;
  }
  return abp > hosts ? 'abp' : 'hosts';
}
