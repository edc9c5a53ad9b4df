const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 560;
const HEIGHT = 150;
const BOTTOM = 20;
const TOP = 14;

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * Bars of detections per day. The picture is for sighted users; screen readers get the
 * same numbers from the label, and each bar carries its own tooltip.
 */
export function renderDayChart(container: HTMLElement, days: readonly { day: string; count: number }[], label: string, barTitle: (day: string, count: number) => string): void {
  const max = Math.max(1, ...days.map((d) => d.count));
  const slot = WIDTH / Math.max(days.length, 1);
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  svg.append(el('line', { class: 'axis', x1: 0, x2: WIDTH, y1: HEIGHT - BOTTOM + 0.5, y2: HEIGHT - BOTTOM + 0.5 }));
  days.forEach((d, i) => {
    const h = ((HEIGHT - BOTTOM - TOP) * d.count) / max;
    const x = i * slot + slot * 0.15;
    const bar = el('rect', {
      class: i === days.length - 1 ? 'bar bar--today' : 'bar',
      x: x.toFixed(1),
      y: (HEIGHT - BOTTOM - h).toFixed(1),
      width: (slot * 0.7).toFixed(1),
      height: h.toFixed(1),
      'data-day': d.day,
      'data-count': d.count,
    });
    const title = el('title', {});
    title.textContent = barTitle(d.day, d.count);
    bar.append(title);
    svg.append(bar);
    if (d.count > 0) {
      const value = el('text', { x: (x + slot * 0.35).toFixed(1), y: (HEIGHT - BOTTOM - h - 3).toFixed(1), 'text-anchor': 'middle' });
      value.textContent = String(d.count);
      svg.append(value);
    }
    // Every other day labelled, or a fortnight's dates collide.
    if (i % 2 === (days.length - 1) % 2) {
      const tick = el('text', { x: (x + slot * 0.35).toFixed(1), y: HEIGHT - 6, 'text-anchor': 'middle' });
      tick.textContent = d.day.slice(5);
      svg.append(tick);
    }
  });
  container.replaceChildren(svg);
}
