// Custom rules a user would type into the options page, for paths no built-in rule or
// analyser can know: a miner in plain JS is caught by its text or its digest. Each rule
// matches one fixture only, so the other cells run as if the rules were not there.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pages = resolve(import.meta.dirname, 'pages');

export interface UserRules {
  /** The text saved as the user's custom rules. */
  text: string;
  /** Ids of those rules, one of which a finding must name. */
  ids: string[];
}

/** A content rule on the mixer's multiply step and a sha256 rule on the file's bytes. */
export function jsLoopRules(): UserRules {
  const bytes = readFileSync(resolve(pages, 'workers/js-loop.js'));
  const rules = [
    {
      id: 'evasion-js-loop-mixer', type: 'content', action: 'block', severity: 'high',
      pattern: 'Math\\.imul\\(a \\^ \\(a >>> 15\\), 0x2c1b3c6d\\)',
      description: 'evasion fixture: plain-JS hashing loop (mixer constants)',
    },
    {
      id: 'evasion-js-loop-sha256', type: 'hash', algorithm: 'sha256', action: 'block', severity: 'high',
      pattern: createHash('sha256').update(bytes).digest('hex'),
      description: 'evasion fixture: plain-JS hashing loop (file digest)',
    },
  ];
  return {
    text: JSON.stringify({ format: 'miner-sentry-rules', version: 1, name: 'evasion user rules', rules }, null, 2),
    ids: rules.map((r) => r.id),
  };
}
