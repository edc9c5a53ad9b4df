import type { FindingKind } from '../../engine/types';

// One small line drawing per kind of finding (24×24 grid, stroked with currentColor), so the
// list can be scanned by shape as well as by label.
const PATHS: Record<FindingKind, string[]> = {
  // a module: box with a notch, like the Wasm logo's outline
  wasm: ['M4 4h6a2 2 0 0 0 4 0h6v16H4z', 'M8 14l1.5 3 1.5-3 1.5 3 1.5-3'],
  // gear-less "thread": two stacked cards
  worker: ['M7 4h13v11H7z', 'M4 8v12h13'],
  // angle brackets
  script: ['M9 7l-5 5 5 5', 'M15 7l5 5-5 5', 'M13 5l-2 14'],
  // two opposed arrows: a live two-way connection
  websocket: ['M4 9h14l-3-3', 'M20 15H6l3 3'],
  // circle with a bar: stopped
  'blocked-request': ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M5.6 5.6l12.8 12.8'],
  // pulse line: CPU activity
  behaviour: ['M3 12h4l2-6 4 12 2-6h6'],
  worklet: ['M4 6h16v12H4z', 'M8 10h8', 'M8 14h5'],
  'service-worker': ['M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7z', 'M9 12h6'],
};

const SVG_NS = 'http://www.w3.org/2000/svg';

export function kindGlyph(kind: FindingKind): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('glyph');
  for (const d of PATHS[kind]) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
