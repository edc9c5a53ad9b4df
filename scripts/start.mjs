#!/usr/bin/env node
// `npm start`: build, serve the demo, and open a browser with the extension on
// the demo's miner page. Without a display (or with --headless) it reports what
// the extension caught, saves the popup to demo-output/popup.png and exits 0
// only if the miner was stopped; with a display it stays open until Ctrl-C.
//
// Usage: node scripts/start.mjs [--headless] [--no-build] [--browser chromium|firefox]
//                               [--port N] [--alt-port N]
// Environment: MINER_SENTRY_BROWSER, DEMO_PORT, DEMO_ALT_PORT.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { startDemoServer } from '../demo/server.mjs';
import { demoOptions } from '../demo/lib/options.mjs';

const root = resolve(import.meta.dirname, '..');
const POOL_PATH = '/pool/npm-start';

function parseArgs(argv) {
  const opts = { headless: !process.env.DISPLAY, build: true, browser: process.env.MINER_SENTRY_BROWSER || 'chromium', demoArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--headless') opts.headless = true;
    else if (arg === '--no-build') opts.build = false;
    else if (arg === '--browser') opts.browser = argv[++i];
    else if (arg.startsWith('--browser=')) opts.browser = arg.slice('--browser='.length);
    else opts.demoArgs.push(arg);
  }
  if (opts.browser !== 'chromium' && opts.browser !== 'firefox') throw new Error(`browser must be chromium or firefox, not ${opts.browser}`);
  return opts;
}

async function reportHeadless({ harness, waitFor, findingsTable }, demo, pageUrl) {
  const prefix = pageUrl.split('?')[0];
  let state;
  try {
    state = await waitFor(async () => {
      const s = await harness.tabState(prefix);
      return s.findings.some((f) => f.kind === 'wasm' && f.verdict === 'miner') && s;
    }, { timeout: 30_000, what: 'a Wasm miner finding' });
  } catch (err) {
    console.error(err.message);
    state = await harness.tabState(prefix).catch(() => null);
  }
  const submits = demo.pool.stats().pools[POOL_PATH]?.submits ?? 0;
  console.log(`\nFindings for ${pageUrl} (badge "${state?.badge.text ?? ''}"):\n`);
  console.log(findingsTable(state?.findings ?? []));
  console.log(`\nShares the fake pool received from the page: ${submits}`);

  if (state) {
    const outDir = resolve(root, 'demo-output');
    mkdirSync(outDir, { recursive: true });
    const popup = await harness.openPopup({ tabId: state.tabId });
    await popup.setViewport(360, 600);
    await popup.screenshot(resolve(outDir, 'popup.png'));
    await popup.close();
    console.log(`Popup screenshot: ${resolve(outDir, 'popup.png')}`);
  }
  const caught = Boolean(state?.findings.some((f) => f.kind === 'wasm' && f.verdict === 'miner' && f.action === 'blocked')) && submits === 0;
  console.log(caught ? '\nMiner caught: blocked, and no share reached the pool.' : '\nMiner NOT caught.');
  return caught;
}

async function main(state) {
  const opts = parseArgs(process.argv.slice(2));
  const demoOpts = demoOptions(opts.demoArgs, process.env);
  if (opts.build) {
    const res = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (res.status !== 0) throw new Error('build failed');
  }
  state.demo = await startDemoServer(demoOpts);
  const demo = state.demo;
  // The e2e harness is TypeScript; tsx loads it so npm start drives the browsers the same way the tests do.
  const { openBrowser, waitFor, findingsTable } = await tsImport('../test/e2e/harness/index.ts', import.meta.url);
  state.harness = await openBrowser(opts.browser, { headless: opts.headless, handleSignals: false });
  const harness = state.harness;
  const pageUrl = `${demo.origin}/miner.html?pool=${encodeURIComponent(`ws://${demo.host}:${demo.port}${POOL_PATH}`)}`;
  await harness.newPage(pageUrl);
  console.log(`Demo: ${demo.origin}/  ·  miner page open in ${opts.browser}${opts.headless ? ' (headless)' : ''}`);
  if (opts.headless) return (await reportHeadless({ harness, waitFor, findingsTable }, demo, pageUrl)) ? 0 : 1;
  console.log('Click the Miner Sentry icon to see what it caught. Ctrl-C to quit.');
  state.quitByCtrlC = true;
  return new Promise(() => {});
}

// Ctrl-C ends the run through the same cleanup as a normal exit, so no browser
// or temporary profile outlives it. Once the headed browser is up, it is how
// a person quits, so it counts as success there.
const state = { demo: null, harness: null, quitByCtrlC: false };
const stopped = new Promise((resolve) => {
  process.once('SIGINT', () => resolve(state.quitByCtrlC ? 0 : 130));
  process.once('SIGTERM', () => resolve(state.quitByCtrlC ? 0 : 143));
});
Promise.race([main(state), stopped])
  .catch((err) => {
    console.error(`start: ${err.message}`);
    return 1;
  })
  .then(async (code) => {
    await state.harness?.close();
    await state.demo?.close();
    process.exit(code);
  });
