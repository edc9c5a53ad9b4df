import type { HistoryEntry } from '../../background/history';
import type { FindingKind, VerdictLevel } from '../../engine/types';
import { exportCsv, exportJson } from '../../engine/export/index';
import { exportEnvironment } from '../../background/environment';
import { t } from '../popup/i18n';
import { actionLabel, kindLabel, verdictLabel } from '../popup/finding-labels';
import { ANY, NO_SITE, countBySite, countsPerDay, filterHistory, type HistoryFilter } from './activity-data';
import { renderDayChart } from './day-chart';
import { download } from './download';
import { formatTime } from './render-subscriptions';
import { clearHistory, getHistory } from './send';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const CHART_DAYS = 14;
/** The list shows the newest; exports always carry every filtered entry. */
const LIST_LIMIT = 200;

const KINDS: FindingKind[] = ['wasm', 'worker', 'script', 'websocket', 'blocked-request', 'behaviour', 'worklet', 'service-worker'];
const VERDICTS: VerdictLevel[] = ['miner', 'suspicious', 'crypto-capable', 'clean'];

function fillSelect(select: HTMLSelectElement, options: [value: string, label: string][]): void {
  const current = select.value;
  select.replaceChildren(new Option(t('optFilterAll'), ANY), ...options.map(([v, l]) => new Option(l, v)));
  select.value = options.some(([v]) => v === current) ? current : ANY;
}

function siteLabel(site: string): string {
  return site === NO_SITE ? t('optNoSite') : site;
}

function historyItem(e: HistoryEntry, locale: string): HTMLLIElement {
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.dateTime = new Date(e.time).toISOString();
  time.textContent = formatTime(e.time, locale);
  const what = document.createElement('span');
  what.className = 'what';
  // Repeats of one finding are folded into a count by the background.
  const times = e.count && e.count > 1 ? ` ×${e.count}` : '';
  what.textContent = `${kindLabel(e.kind)}${times} · ${siteLabel(e.site ?? NO_SITE)}`;
  const chip = document.createElement('span');
  chip.className = `chip chip--${e.verdict}`;
  chip.textContent = `${verdictLabel(e.verdict)} · ${actionLabel(e.action)}`;
  what.append(chip);
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.textContent = [e.reason, e.ruleId ? `${t('fieldRule')}: ${e.ruleId}` : '', e.url ?? ''].filter(Boolean).join(' — ');
  li.append(time, what, detail);
  return li;
}

export async function setupActivity(locale: string): Promise<void> {
  let entries = await getHistory();
  const kind = $('filter-kind') as HTMLSelectElement;
  const verdict = $('filter-verdict') as HTMLSelectElement;
  const site = $('filter-site') as HTMLSelectElement;

  const filter = (): HistoryFilter => ({ kind: kind.value, verdict: verdict.value, site: site.value });
  const shown = () => filterHistory(entries, filter());

  const render = () => {
    fillSelect(kind, KINDS.map((k) => [k, kindLabel(k)]));
    fillSelect(verdict, VERDICTS.map((v) => [v, verdictLabel(v)]));
    fillSelect(site, countBySite(entries).map(([s]) => [s, siteLabel(s)]));
    const list = shown();
    const days = countsPerDay(list, Date.now(), CHART_DAYS);
    const total = days.reduce((n, d) => n + d.count, 0);
    const caption = t('optChartCaption', String(CHART_DAYS), String(total));
    renderDayChart($('chart'), days, caption, (day, count) => t('optChartBar', day, String(count)));
    $('chart-caption').textContent = caption;

    const counts = $('site-counts');
    counts.dataset.empty = t('optNoActivity');
    counts.replaceChildren(...countBySite(list).map(([s, n]) => {
      const li = document.createElement('li');
      li.textContent = `${siteLabel(s)}: ${n}`;
      return li;
    }));

    const newestFirst = [...list].sort((a, b) => b.time - a.time);
    $('history-count').textContent = t('optHistoryCount', String(list.length), String(entries.length));
    const history = $('history');
    history.dataset.empty = t('optNoActivity');
    history.replaceChildren(...newestFirst.slice(0, LIST_LIMIT).map((e) => historyItem(e, locale)));
  };
  render();
  kind.onchange = verdict.onchange = site.onchange = render;

  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  $('export-json').onclick = async () => {
    download(exportJson(shown(), await exportEnvironment(), Date.now()), `miner-sentry-findings-${stamp()}.json`, 'application/json');
  };
  $('export-csv').onclick = async () => {
    download(exportCsv(shown(), await exportEnvironment()), `miner-sentry-findings-${stamp()}.csv`, 'text/csv');
  };
  $('clear-history').onclick = async () => {
    if (!confirm(t('optClearConfirm'))) return;
    await clearHistory();
    entries = [];
    render();
  };
}
