import browser from 'webextension-polyfill';
import type { OptionsModel } from '../../background/options-model';
import type { EnforcementMode } from '../../engine/protocol';
import { canonicalHost, hostProblem } from '../../engine/rules/host-names';
import { t } from '../popup/i18n';
import { showLockedNote } from './locked-note';
import { MODES, modeLabel } from './mode-labels';
import { setUserAllowlist, updateSettings } from './send';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

type Refresh = (model?: OptionsModel) => Promise<void>;

/** A host typed by a person, made canonical, or the reason it isn't one. */
export function readHost(raw: string): { host: string } | { problem: string } {
  const host = canonicalHost(raw.trim().replace(/^\*\./, '').replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, ''));
  if (!host) return { problem: t('optHostInvalid') };
  const problem = hostProblem(host);
  return problem ? { problem: t('optHostInvalid') } : { host };
}

function showError(el: HTMLElement, message: string | null): void {
  el.hidden = message === null;
  el.textContent = message ?? '';
}

function removeButton(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'button button--small';
  b.textContent = t('optRemove');
  b.setAttribute('aria-label', t('optRemoveLabel', label));
  b.onclick = onClick;
  return b;
}

function renderMode(model: OptionsModel, refresh: Refresh): void {
  const { mode } = model.settings;
  const box = $('mode-choices');
  box.replaceChildren(
    ...MODES.map((m) => {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'mode';
      input.value = m;
      input.checked = mode.value === m;
      input.disabled = mode.locked || !mode.choices.includes(m);
      input.onchange = () => void updateSettings({ mode: m }).then(refresh);
      const span = document.createElement('span');
      span.textContent = modeLabel(m);
      label.append(input, span);
      return label;
    }),
  );
  const offRefused = !mode.locked && !mode.choices.includes('off');
  showLockedNote($('mode-locked'), mode.locked || offRefused, mode.locked ? t('optSetByOrganisation') : t('optOffNotAllowed'));
}

function renderSiteModes(model: OptionsModel, refresh: Refresh): void {
  const { siteModes, mode } = model.settings;
  const list = $('site-modes');
  list.dataset.empty = t('optNoSiteModes');
  const entries = Object.entries(siteModes.value).sort(([a], [b]) => (a < b ? -1 : 1));
  const save = (next: Record<string, EnforcementMode>) => updateSettings({ siteModes: next }).then(refresh);
  list.replaceChildren(
    ...entries.map(([host, m]) => {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.className = 'grow';
      name.textContent = host;
      const select = modeSelect(mode.choices, m, t('optSiteModeFor', host));
      select.disabled = siteModes.locked;
      select.onchange = () => void save({ ...siteModes.value, [host]: select.value as EnforcementMode });
      const { [host]: _gone, ...rest } = siteModes.value;
      const remove = removeButton(host, () => void save(rest));
      remove.disabled = siteModes.locked;
      li.append(name, select, remove);
      return li;
    }),
  );
  const select = $('site-mode-select') as HTMLSelectElement;
  select.replaceChildren(...modeSelect(mode.choices, mode.choices.find((c) => c !== mode.value) ?? 'block', '').options);
  const form = $('site-mode-form') as HTMLFormElement;
  for (const control of form.elements) (control as HTMLInputElement).disabled = siteModes.locked;
  showLockedNote($('site-modes-locked'), siteModes.locked);
  form.onsubmit = (event) => {
    event.preventDefault();
    const input = $('site-mode-host') as HTMLInputElement;
    const read = readHost(input.value);
    if ('problem' in read) return showError($('site-mode-error'), read.problem);
    showError($('site-mode-error'), null);
    input.value = '';
    void save({ ...siteModes.value, [read.host]: select.value as EnforcementMode });
  };
}

function modeSelect(choices: readonly EnforcementMode[], value: EnforcementMode, label: string): HTMLSelectElement {
  const select = document.createElement('select');
  if (label) select.setAttribute('aria-label', label);
  for (const m of choices) select.add(new Option(modeLabel(m), m, false, m === value));
  return select;
}

function renderAllowlist(model: OptionsModel, refresh: Refresh): void {
  const { allowlist } = model.settings;
  const userHosts = allowlist.value.filter((h) => !allowlist.fromPolicy.includes(h));
  const list = $('allowlist');
  list.dataset.empty = t('optNoAllowedSites');
  const save = async (hosts: string[]) => {
    const reply = await setUserAllowlist(hosts);
    showError($('allowlist-error'), reply.ok ? null : t('optAllowlistRefused'));
    await refresh();
  };
  list.replaceChildren(
    ...allowlist.fromPolicy.map((host) => {
      const li = document.createElement('li');
      li.dataset.source = 'policy';
      const name = document.createElement('span');
      name.className = 'grow';
      name.textContent = host;
      const note = document.createElement('span');
      note.className = 'locked-note';
      showLockedNote(note, true);
      li.append(name, note);
      return li;
    }),
    ...userHosts.map((host) => {
      const li = document.createElement('li');
      li.dataset.source = 'user';
      const name = document.createElement('span');
      name.className = 'grow';
      name.textContent = host;
      li.append(name, removeButton(host, () => void save(userHosts.filter((h) => h !== host))));
      return li;
    }),
  );
  const form = $('allowlist-form') as HTMLFormElement;
  for (const control of form.elements) (control as HTMLInputElement).disabled = allowlist.locked;
  showLockedNote($('allowlist-locked'), allowlist.locked, t('optAllowlistLocked'));
  form.onsubmit = (event) => {
    event.preventDefault();
    const input = $('allowlist-host') as HTMLInputElement;
    const read = readHost(input.value);
    if ('problem' in read) return showError($('allowlist-error'), read.problem);
    showError($('allowlist-error'), null);
    input.value = '';
    void save([...new Set([...userHosts, read.host])]);
  };
}

function renderExtras(model: OptionsModel, refresh: Refresh): void {
  const notifications = $('notifications') as HTMLInputElement;
  notifications.checked = model.settings.notifications.value;
  notifications.onchange = () => void updateSettings({ notifications: notifications.checked }).then(refresh);

  const report = model.report;
  $('report-group').hidden = report === null;
  if (report) {
    const parts = [t('optReportTo', report.endpoint), t('optReportQueued', String(report.queued))];
    // The header's value stays in the background; the page only learns that one is set.
    if (report.authSetByPolicy) parts.push(t('optReportAuthByPolicy'));
    if (report.lastError) parts.push(t('optReportError', report.lastError));
    $('report-status').textContent = parts.join(' · ');
    showLockedNote($('report-group').querySelector<HTMLElement>('[data-locked]')!, true);
    // Firefox only grants data-collection consent from a user's click.
    const consent = $('report-consent') as HTMLButtonElement;
    consent.hidden = !report.consentNeeded;
    consent.onclick = () => void browser.permissions
      .request({ data_collection: ['browsingActivity'] } as never)
      .then(() => refresh(), () => refresh());
  }

  $('policy-errors-group').hidden = model.policyErrors.length === 0;
  $('policy-errors').replaceChildren(
    ...model.policyErrors.map((message) => {
      const li = document.createElement('li');
      li.textContent = message;
      return li;
    }),
  );
  $('managed-note').hidden = !model.settings.managed;
}

export function renderProtection(model: OptionsModel, refresh: Refresh): void {
  renderMode(model, refresh);
  renderSiteModes(model, refresh);
  renderAllowlist(model, refresh);
  renderExtras(model, refresh);
}
