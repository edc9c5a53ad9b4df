// A dependency-free horizontal grouped bar chart, enough for side-by-side contenders.

export interface BarGroup { label: string; values: (number | null)[] }
export interface BarChart {
  title: string;
  unit: string;
  series: string[];
  groups: BarGroup[];
  /** Log scale when values span orders of magnitude (a naive baseline next to an index). */
  log?: boolean;
  note?: string;
}

const COLORS = ['#3367d6', '#f29900', '#1e8e3e', '#d93025', '#9334e6'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function formatValue(v: number): string {
  if (v >= 1000) return v.toFixed(0);
  if (v >= 100) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** Rough width of 11 px sans-serif text; enough to keep legend entries apart. */
const textWidth = (s: string) => Math.ceil(s.length * 6.2);

/**
 * Legend entries 150 px apart from the plot's left edge while they fit (the usual two or
 * three series); otherwise flowed from the left margin by their text width, over as many
 * rows as it takes.
 */
function legendLayout(series: string[], labelW: number, width: number): { at: { x: number; row: number }[]; rows: number } {
  const fixed = series.map((_, i) => ({ x: labelW + i * 150, row: 0 }));
  const last = series.length - 1;
  const fits = series.every((s, i) => (i === last ? labelW + i * 150 + 14 + textWidth(s) <= width : 14 + textWidth(s) <= 146));
  if (fits) return { at: fixed, rows: 1 };
  const at: { x: number; row: number }[] = [];
  let x = 8;
  let row = 0;
  for (const s of series) {
    const w = 14 + textWidth(s) + 16;
    if (x > 8 && x + w - 16 > width - 8) { x = 8; row++; }
    at.push({ x, row });
    x += w;
  }
  return { at, rows: row + 1 };
}

export function barChartSvg(c: BarChart): string {
  const labelW = 190;
  const plotW = 420;
  const valueW = 90;
  const bar = 14;
  const gap = 10;
  const width = labelW + plotW + valueW;
  const all = c.groups.flatMap((g) => g.values).filter((v): v is number => v !== null && v > 0);
  const max = Math.max(...all, 1e-9);
  const min = Math.min(...all, max);
  const lo = c.log ? Math.floor(Math.log10(min)) : 0;
  const hi = c.log ? Math.max(Math.ceil(Math.log10(max)), lo + 1) : max;
  const scale = (v: number) => (c.log ? ((Math.log10(v) - lo) / (hi - lo)) * plotW : (v / max) * plotW);
  const legend = legendLayout(c.series, labelW, width);
  const top = 46 + (legend.rows - 1) * 14;
  const groupH = c.series.length * bar + gap;
  const height = top + c.groups.length * groupH + 34;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="8" y="18" font-size="14" font-weight="bold">${esc(c.title)}</text>`);
  c.series.forEach((s, i) => {
    const { x, row } = legend.at[i];
    const y = 28 + row * 14;
    out.push(`<rect x="${x}" y="${y}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`);
    out.push(`<text x="${x + 14}" y="${y + 9}">${esc(s)}</text>`);
  });
  c.groups.forEach((g, gi) => {
    const y0 = top + gi * groupH;
    out.push(`<text x="${labelW - 6}" y="${y0 + (c.series.length * bar) / 2 + 4}" text-anchor="end">${esc(g.label)}</text>`);
    g.values.forEach((v, si) => {
      const y = y0 + si * bar;
      if (v === null || !(v > 0)) {
        out.push(`<text x="${labelW + 4}" y="${y + bar - 3}" fill="#777">n/a</text>`);
        return;
      }
      const w = Math.max(1, scale(v));
      out.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${bar - 2}" fill="${COLORS[si % COLORS.length]}"/>`);
      out.push(`<text x="${(labelW + w + 4).toFixed(1)}" y="${y + bar - 3}">${formatValue(v)}</text>`);
    });
  });
  const axisY = top + c.groups.length * groupH;
  out.push(`<line x1="${labelW}" y1="${axisY}" x2="${labelW + plotW}" y2="${axisY}" stroke="#999"/>`);
  const axis = c.log ? `${c.unit}, log scale (10^${lo} .. 10^${hi})` : c.unit;
  out.push(`<text x="${labelW}" y="${axisY + 14}" fill="#555">${esc(axis)}${c.note ? ` — ${esc(c.note)}` : ''}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
