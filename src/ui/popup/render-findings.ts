import type { StoredFinding } from '../../engine/protocol';
import { byAlarm } from '../../background/verdict-rank';
import { actionLabel, kindLabel, verdictLabel } from './finding-labels';
import { kindGlyph } from './glyphs';
import { t } from './i18n';

// Everything here comes from web pages: it goes into the DOM as text, never as markup.

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function field(list: HTMLDListElement, label: string, value: string, opts: { truncated?: boolean } = {}): void {
  const dt = el('dt', 'finding__key', label);
  const dd = el('dd', opts.truncated ? 'finding__value finding__value--long' : 'finding__value', value);
  if (opts.truncated) dd.title = value;
  list.append(dt, dd);
}

/** The tab's own page, named by URL or (Chrome's request initiator) by origin: no need to repeat it. */
function isTopDocument(frameUrl: string, tabUrl: string): boolean {
  if (frameUrl === tabUrl) return true;
  try {
    return frameUrl === new URL(tabUrl).origin;
  } catch {
    return false;
  }
}

function renderFinding(f: StoredFinding, tabUrl: string, locale: string): HTMLLIElement {
  const item = el('li', `finding finding--${f.verdict}`);
  item.dataset.kind = f.kind;
  item.dataset.verdict = f.verdict;

  const head = el('div', 'finding__head');
  const kind = el('span', 'finding__kind');
  kind.append(kindGlyph(f.kind), el('span', '', kindLabel(f.kind)));
  const chips = el('span', 'finding__chips');
  chips.append(
    el('span', `chip chip--${f.verdict}`, verdictLabel(f.verdict)),
    el('span', `chip chip--action chip--${f.action}`, actionLabel(f.action)),
  );
  head.append(kind, chips);
  item.append(head);

  if (f.reason) item.append(el('p', 'finding__reason', f.reason));

  const details = el('dl', 'finding__fields');
  if (f.ruleId) field(details, t('fieldRule'), f.ruleId);
  if (f.primitives?.length) field(details, t('fieldSignature'), f.primitives.join(', '));
  field(details, t('fieldUrl'), f.url ?? t('inlineCode'), { truncated: Boolean(f.url) });
  if (f.frameUrl && !isTopDocument(f.frameUrl, tabUrl)) field(details, t('fieldFrame'), f.frameUrl, { truncated: true });
  if (f.api) field(details, t('fieldApi'), f.api);
  if (f.hashes?.sha256) field(details, t('fieldHash'), f.hashes.sha256, { truncated: true });
  const time = el('dd', 'finding__value');
  const stamp = document.createElement('time');
  stamp.dateTime = new Date(f.time).toISOString();
  stamp.textContent = new Date(f.time).toLocaleTimeString(locale);
  time.append(stamp);
  details.append(el('dt', 'finding__key', t('fieldTime')), time);
  item.append(details);
  return item;
}

/** Most alarming first, newest first within the same level. */
export function orderForDisplay(findings: readonly StoredFinding[]): StoredFinding[] {
  return [...findings].sort(byAlarm);
}

export function renderFindings(list: HTMLUListElement, findings: readonly StoredFinding[], tabUrl: string, locale: string): void {
  list.replaceChildren(...orderForDisplay(findings).map((f) => renderFinding(f, tabUrl, locale)));
  list.hidden = findings.length === 0;
}
