#!/usr/bin/env node
// `npm run bench [-- --only engine|browser] [-- --quick]`: runs each benchmark as its own
// Node process (through tsx, so benches import the TypeScript sources directly) so that
// one bench's JIT and heap state cannot colour another's figures.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STEPS = [
  { name: 'engine', script: 'bench/engine.ts' },
  { name: 'browser', script: 'bench/browser.ts' },
];

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
if (onlyAt >= 0 && !STEPS.some((s) => s.name === only)) {
  console.error(`--only expects one of: ${STEPS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const passOn = args.filter((_, i) => onlyAt < 0 || (i !== onlyAt && i !== onlyAt + 1));

let failed = false;
for (const step of STEPS) {
  if (only && step.name !== only) continue;
  if (!existsSync(new URL(`../${step.script}`, import.meta.url))) {
    console.log(`[bench] ${step.name}: ${step.script} does not exist yet, skipped`);
    continue;
  }
  console.log(`[bench] ${step.name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', step.script, ...passOn], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[bench] ${step.name} failed (exit ${r.status ?? r.signal})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
