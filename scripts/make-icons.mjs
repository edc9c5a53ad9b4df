// Renders icons/icon.svg to the PNG sizes the manifest names. Run after editing the SVG:
//   node scripts/make-icons.mjs
// Uses the system Chromium so the PNGs match what a browser draws from the same SVG.
import { chromium } from 'playwright-core';
import { CHROMIUM_BASE_FLAGS } from './chromium-flags.mjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const SIZES = [16, 32, 48, 128];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const svg = await readFile(join(root, 'icons/icon.svg'), 'utf8');
const profile = await mkdtemp(join(tmpdir(), 'miner-sentry-icons-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    ...CHROMIUM_BASE_FLAGS,
  ],
});
try {
  const page = await context.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const out = join(root, `icons/icon-${size}.png`);
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`wrote ${out}`);
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
