import { barChartSvg } from '../lib/svg-bars';
import type { EngineResults } from './engine-results';

/** File name → SVG text. */
export function engineCharts(r: EngineResults): Record<string, string> {
  const charts: Record<string, string> = {};
  if (r.analyser?.rows.length) {
    charts['analyser-throughput.svg'] = barChartSvg({
      title: 'Wasm analyser (JS, native) vs WebAssembly.validate (higher is better)',
      unit: 'MB/s (median)',
      series: ['JS analyser', 'JS, streamed 64 KB', 'native (Wasm-compiled walker)', 'native, streamed 64 KB', 'WebAssembly.validate'],
      groups: r.analyser.rows.map((x) => ({
        label: x.name,
        values: [x.analyser.mbPerS, x.streaming.mbPerS, x.native.mbPerS, x.nativeStreaming.mbPerS, x.validate.mbPerS],
      })),
    });
  }
  if (r.matcher?.rows.length) {
    charts['matcher-per-url.svg'] = barChartSvg({
      title: 'Page matcher cost per URL (lower is better)',
      unit: 'ns per URL (median)',
      series: ['createPageMatcher', 'naive scan'],
      groups: r.matcher.rows.map((x) => ({ label: x.name.replace(/ \(.*\)$/, ''), values: [x.oursNsPerUrl, x.naiveNsPerUrl] })),
      log: true,
    });
  }
  if (r.stratum) {
    charts['stratum.svg'] = barChartSvg({
      title: 'WebSocket frame classification (lower is better)',
      unit: 'ns per frame (median)',
      series: ['classifyWsMessage', 'JSON.parse alone'],
      groups: [{ label: `${r.stratum.frames} frames`, values: [r.stratum.classifierNsPerFrame, r.stratum.jsonParseNsPerFrame] }],
    });
  }
  return charts;
}
