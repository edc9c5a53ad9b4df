import type { TabState } from '../../engine/protocol';
import { t } from './i18n';

export interface SummaryText { title: string; detail: string; tone: 'clear' | 'alert' | 'warn' | 'muted' }

export function summaryFor(state: TabState, supported: boolean): SummaryText {
  if (!supported) return { title: t('unsupportedTitle'), detail: t('unsupportedDetail'), tone: 'muted' };
  const n = state.findings.length;
  const modeNote = state.mode === 'off' ? t('modeOff') : state.mode === 'report-only' ? t('modeReportOnly') : '';
  if (state.allowed) return { title: t('siteAllowedTitle'), detail: t('siteAllowedDetail'), tone: 'warn' };
  if (n === 0) return { title: t('emptyTitle'), detail: modeNote || t('emptyDetail'), tone: 'clear' };
  const blocked = state.findings.filter((f) => f.action === 'blocked').length;
  const title = n === 1 ? t('summaryOne') : t('summaryMany', String(n));
  const counts = blocked > 0 ? t('summaryBlocked', String(blocked)) : '';
  const alarming = state.findings.some((f) => f.verdict === 'miner' || f.verdict === 'suspicious' || f.action === 'blocked');
  return { title, detail: [counts, modeNote].filter(Boolean).join(' · '), tone: alarming ? 'alert' : 'muted' };
}

export function renderSummary(section: HTMLElement, summary: SummaryText): void {
  section.dataset.tone = summary.tone;
  section.querySelector('#summary-title')!.textContent = summary.title;
  const detail = section.querySelector<HTMLElement>('#summary-detail')!;
  detail.textContent = summary.detail;
  detail.hidden = summary.detail === '';
}
