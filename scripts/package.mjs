#!/usr/bin/env node
// `npm run package`: builds both targets and zips them into dist-zip/, named
// after the version in the built manifest so the file says what it contains.
// Usage: node scripts/package.mjs [--no-build]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import webExt from 'web-ext';

const root = resolve(import.meta.dirname, '..');
const artifactsDir = resolve(root, 'dist-zip');
const TARGETS = [
  { browser: 'chrome', dir: resolve(root, 'dist/chrome') },
  { browser: 'firefox', dir: resolve(root, 'dist/firefox') },
];

function run(command, args) {
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${res.status ?? res.signal}`);
}

async function main() {
  if (!process.argv.includes('--no-build')) run('npm', ['run', 'build']);
  const packageVersion = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;
  for (const { browser, dir } of TARGETS) {
    const { version } = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8'));
    if (version !== packageVersion) throw new Error(`${dir}/manifest.json has version ${version}, package.json ${packageVersion}`);
    // web-ext build zips any extension directory; for Chrome it is just a zip tool
    // that already knows which development files to leave out.
    const { extensionPath } = await webExt.cmd.build(
      { sourceDir: dir, artifactsDir, overwriteDest: true, filename: `miner-sentry-${browser}-${version}.zip` },
      { showReadyMessage: false },
    );
    console.log(`${browser}: ${extensionPath}`);
  }
}

main().catch((err) => {
  console.error(`package: ${err.message}`);
  process.exit(1);
});
