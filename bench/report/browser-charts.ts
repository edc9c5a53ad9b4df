import { barChartSvg } from '../lib/svg-bars';
import type { BrowserResults } from './browser-results';

const SIDES = ['without extension', 'with extension'];

/** File name → SVG text. */
export function browserCharts(r: BrowserResults): Record<string, string> {
  const charts: Record<string, string> = {};
  const page = r.browsers.flatMap((b) => (b.pageCost?.rows ?? []).filter((x) => x.short !== 'load' && !x.short.endsWith(': load')).map((x) => ({ label: `${b.kind}: ${x.short}`, values: [x.plain.median, x.ext.median] })));
  if (page.length) {
    charts['browser-page-cost.svg'] = barChartSvg({
      title: 'Page cost, with vs without the extension (lower is better)',
      unit: 'ms (median)', series: SIDES, groups: page, log: true,
    });
  }
  const wasm = r.browsers.flatMap((b) => (b.wasm ?? []).map((x) => ({ label: `${b.kind}: ${x.module.replace(/^\w+: /, '')} ${x.how}`, values: [x.plain.median, x.ext.median] })));
  if (wasm.length) {
    charts['browser-wasm.svg'] = barChartSvg({
      title: 'Benign Wasm instantiate, with vs without (lower is better)',
      unit: 'ms per call (median)', series: SIDES, groups: wasm, log: true,
    });
  }
  const verdict = r.browsers.flatMap((b) => (b.verdict ?? []).map((x) => ({ label: `${b.kind}: ${x.module} ${x.where === 'worker' ? 'worker' : 'main'}`, values: [x.plain.median, x.ext.median] })));
  if (verdict.length) {
    charts['browser-verdict.svg'] = barChartSvg({
      title: 'Miner fixtures: native instantiate vs time to our refusal',
      unit: 'ms (median)', series: ['without: instantiated', 'with: refused'], groups: verdict, log: true,
    });
  }
  return charts;
}
