import { t } from '../popup/i18n';

const SVG_NS = 'http://www.w3.org/2000/svg';

function lockGlyph(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  for (const [k, v] of Object.entries({ class: 'lock', viewBox: '0 0 16 16', width: '14', height: '14', 'aria-hidden': 'true' })) svg.setAttribute(k, v);
  const body = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x: '3', y: '7', width: '10', height: '7', rx: '1.5' })) body.setAttribute(k, v);
  const shackle = document.createElementNS(SVG_NS, 'path');
  shackle.setAttribute('d', 'M5 7V5a3 3 0 0 1 6 0v2');
  svg.append(body, shackle);
  return svg;
}

/** Shows "Set by your organisation" (or `text`) with a lock on `el`, or hides it. */
export function showLockedNote(el: HTMLElement, locked: boolean, text = t('optSetByOrganisation')): void {
  el.hidden = !locked;
  if (locked) el.replaceChildren(lockGlyph(), document.createTextNode(text));
}
