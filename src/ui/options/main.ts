import browser from 'webextension-polyfill';
import type { OptionsModel } from '../../background/options-model';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../../engine/policy/limits';
import { localizeStatic, t } from '../popup/i18n';
import { renderProtection } from './render-protection';
import { renderSubscriptions } from './render-subscriptions';
import { setupRulesEditor } from './rules-editor';
import { setupActivity } from './render-activity';
import { getModel, updateSettings } from './send';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const locale = browser.i18n.getUILanguage();

/** For automation (docs/automation.md): what the page shows, as JSON, like the popup's #tab-state. */
function exportModel(model: OptionsModel): void {
  $('options-state').textContent = JSON.stringify(model);
}

async function refresh(next?: OptionsModel): Promise<void> {
  const model = next ?? (await getModel());
  renderProtection(model, refresh);
  renderSubscriptions(model, locale, refresh);
  const retention = $('retention') as HTMLInputElement;
  if (document.activeElement !== retention) retention.value = String(model.settings.retentionDays.value);
  exportModel(model);
}

function setupRetention(): void {
  const input = $('retention') as HTMLInputElement;
  input.onchange = async () => {
    const days = Number(input.value);
    const ok = Number.isInteger(days) && days >= MIN_RETENTION_DAYS && days <= MAX_RETENTION_DAYS;
    input.setAttribute('aria-invalid', String(!ok));
    $('retention-status').textContent = ok ? t('optSaved') : t('optRetentionInvalid', String(MIN_RETENTION_DAYS), String(MAX_RETENTION_DAYS));
    if (ok) await refresh(await updateSettings({ retentionDays: days }));
  };
}

async function start(): Promise<void> {
  localizeStatic(document);
  document.title = t('optTitle');
  $('version').textContent = t('versionLabel', browser.runtime.getManifest().version);
  const model = await getModel();
  await refresh(model);
  setupRulesEditor(model);
  setupRetention();
  await setupActivity(locale);
  $('load-status').hidden = true;
  document.body.dataset.state = 'ready';

  // A policy pushed or a list updated while the page is open shows up without a reload.
  let pending: ReturnType<typeof setTimeout> | undefined;
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area !== 'managed' && area !== 'local') return;
    clearTimeout(pending);
    pending = setTimeout(() => void refresh(), 200);
  });
}

start().catch((err: unknown) => {
  $('load-status').textContent = `${t('loadError')} ${(err as Error).message}`;
  document.body.dataset.state = 'error';
});
