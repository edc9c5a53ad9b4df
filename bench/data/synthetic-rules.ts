import type { Rule, RuleList } from '../../src/engine/types';
import { intBetween, pick, seededRandom } from '../lib/prng';

// A large list shaped like real miner block lists: many pool / script-host domains, some
// with subdomains, and regexes of the kinds script-url rules take (host families, script
// names, site-key parameters, WebSocket proxy paths). Seeded, so every run sees the same.

const SYLLABLES = ['co', 'in', 'hive', 'min', 'er', 'cr', 'yp', 'to', 'lo', 'ot', 'web', 'mine', 'pool', 'hash',
  'coin', 'xmr', 'mon', 'ero', 'nano', 'pay', 'pro', 'xy', 'ws', 'cdn', 'st', 'at', 'ic', 'js', 'run', 'net',
  'ka', 'zu', 'ri', 'ta', 'lu', 'ne', 'ox', 'qu', 'be', 'fi'];
const TLDS = ['com', 'net', 'org', 'io', 'pw', 'xyz', 'info', 'ru', 'cc', 'me', 'biz', 'co', 'tk', 'de', 'eu'];
const SUBS = ['www', 'ws', 'ws1', 'ws2', 'pool', 'cdn', 'static', 'api', 'proxy', 'node', 'eu', 'us', 'asia'];
const ROLES = ['miner', 'worker', 'pool', 'hash', 'cryptonight', 'wasm', 'proxy'];
const KEYS = ['site_key', 'sitekey', 'wallet', 'user', 'key'];
const BENIGN_HOSTS = ['fonts.example-cdn.com', 'www.news-site.org', 'static.shop-front.net', 'img.photo-share.io',
  'api.weather-app.com', 'cdn.video-stream.tv', 'analytics.metrics-hub.com', 'www.wiki-pages.org'];
const BENIGN_PATHS = ['/assets/app.js', '/static/js/main.8f3a1.js', '/img/logo.png', '/api/v2/items?page=3',
  '/fonts/roboto.woff2', '/css/site.css', '/video/seg-1042.ts', '/collect?v=1&t=pageview'];

function word(rand: () => number): string {
  let w = '';
  for (let n = intBetween(rand, 2, 4); n > 0; n--) w += pick(rand, SYLLABLES);
  return w;
}

export interface RegexSpec { pattern: string; hitUrl: string }

/** Each regex comes with a URL it matches, so the URL mix can contain regex hits. */
function regexSpec(rand: () => number, i: number): RegexSpec {
  const w = `${word(rand)}${i}`;
  const tld = pick(rand, TLDS);
  switch (i % 4) {
    case 0:
      return { pattern: `^https?://([a-z0-9-]+\\.)*${w}\\.${tld}/`, hitUrl: `https://${pick(rand, SUBS)}.${w}.${tld}/lib/${word(rand)}.js` };
    case 1: {
      const role = pick(rand, ROLES);
      return { pattern: `/${w}[-_.]?${role}[^/]*\\.(js|wasm)`, hitUrl: `https://cdn.${word(rand)}.${tld}/static/${w}-${role}.min.js` };
    }
    case 2: {
      const key = pick(rand, KEYS);
      return { pattern: `[?&]${key}=${w}[a-z0-9]*`, hitUrl: `https://${word(rand)}.${tld}/embed.js?${key}=${w}x1&lang=en` };
    }
    default:
      return { pattern: `^wss?://${w}\\.[a-z]+(:[0-9]+)?/(proxy|socket)`, hitUrl: `wss://${w}.${tld}:8443/proxy` };
  }
}

export interface SyntheticRules { list: RuleList; hosts: string[]; regexes: RegexSpec[] }

export function syntheticRules(domains: number, regexes: number, seed = 20180601): SyntheticRules {
  const rand = seededRandom(seed);
  const hosts = new Set<string>();
  while (hosts.size < domains) {
    const base = `${word(rand)}.${pick(rand, TLDS)}`;
    hosts.add(rand() < 0.15 ? `${pick(rand, SUBS)}.${base}` : base);
  }
  const hostList = [...hosts];
  const specs = Array.from({ length: regexes }, (_, i) => regexSpec(rand, i));
  const rules: Rule[] = hostList.map((pattern, i) => ({ id: `d${i}`, type: 'domain', action: 'block', severity: 'high', pattern }));
  specs.forEach((s, i) => rules.push({ id: `u${i}`, type: 'url', action: 'block', severity: 'high', pattern: s.pattern }));
  return { list: { format: 'miner-sentry-rules', version: 1, name: 'synthetic', rules }, hosts: hostList, regexes: specs };
}

export interface UrlMix { urls: string[]; domainHits: number; regexHits: number; misses: number }

/** Roughly 20% domain hits (often on subdomains), 5% regex hits, the rest ordinary traffic. */
export function urlMix(count: number, hosts: readonly string[], regexHitUrls: readonly string[], seed = 7): UrlMix {
  const rand = seededRandom(seed);
  const urls: string[] = [];
  let domainHits = 0;
  let regexHits = 0;
  for (let i = 0; i < count; i++) {
    const r = rand();
    if (r < 0.2 && hosts.length) {
      const host = pick(rand, hosts);
      const sub = rand() < 0.5 ? `${pick(rand, SUBS)}.` : '';
      urls.push(`https://${sub}${host}/${word(rand)}.js?v=${intBetween(rand, 1, 99)}`);
      domainHits++;
    } else if (r < 0.25 && regexHitUrls.length) {
      urls.push(pick(rand, regexHitUrls));
      regexHits++;
    } else {
      const host = rand() < 0.5 ? pick(rand, BENIGN_HOSTS) : `${pick(rand, SUBS)}.${word(rand)}-${word(rand)}.${pick(rand, TLDS)}`;
      urls.push(`https://${host}${pick(rand, BENIGN_PATHS)}`);
    }
  }
  return { urls, domainHits, regexHits, misses: count - domainHits - regexHits };
}
