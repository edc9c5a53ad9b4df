import type { OptionsModel, SubscriptionView } from '../../background/options-model';
import type { SubscriptionSource } from '../../engine/policy/types';
import { remoteUrlProblem } from '../../engine/policy/remote-url';
import { t } from '../popup/i18n';
import { showLockedNote } from './locked-note';
import { updateSettings, updateSubscriptions } from './send';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

type Refresh = (model?: OptionsModel) => Promise<void>;

export function formatTime(time: number, locale: string): string {
  return new Date(time).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The sentence under a failing subscription: the engine's reason, with line or HTTP status first. */
export function subscriptionErrorText(view: SubscriptionView): string | null {
  const e = view.error;
  if (!e) return null;
  const where = e.line !== undefined ? t('optErrorLine', String(e.line)) : e.status !== undefined ? t('optErrorHttp', String(e.status)) : '';
  const kept = view.inForce ? t('optKeptLastGood') : '';
  return [where, e.message, kept].filter(Boolean).join(' — ');
}

function subscriptionItem(view: SubscriptionView, locale: string, userSubs: SubscriptionSource[], refresh: Refresh): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `sub ${view.error ? 'sub--error' : view.inForce ? '' : 'sub--pending'}`;
  li.dataset.url = view.url;
  const head = document.createElement('div');
  head.className = 'sub__head';
  const name = document.createElement('span');
  name.className = 'sub__name';
  name.textContent = view.name ?? view.url;
  head.append(name);
  if (view.fromPolicy) {
    const note = document.createElement('span');
    note.className = 'locked-note';
    showLockedNote(note, true);
    head.append(note);
  }
  const update = document.createElement('button');
  update.type = 'button';
  update.className = 'button button--small';
  update.textContent = t('optUpdateNow');
  update.setAttribute('aria-label', t('optUpdateNowLabel', view.name ?? view.url));
  update.onclick = async () => {
    update.disabled = true;
    await refresh(await updateSubscriptions([view.url]));
  };
  head.append(update);
  if (!view.fromPolicy) {
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button button--small';
    remove.textContent = t('optRemove');
    remove.setAttribute('aria-label', t('optRemoveLabel', view.name ?? view.url));
    remove.onclick = () => void updateSettings({ subscriptions: userSubs.filter((s) => s.url !== view.url) }).then(refresh);
    head.append(remove);
  }

  const url = document.createElement('p');
  url.className = 'sub__url';
  url.textContent = view.url;

  const meta = document.createElement('p');
  meta.className = 'sub__meta';
  const facts: string[] = [];
  if (view.inForce) {
    facts.push(t('optRuleCount', String(view.inForce.ruleCount)));
    facts.push(t('optUpdatedAt', formatTime(view.inForce.updatedAt, locale)));
    if (view.inForce.signedBy) facts.push(t('optSignedBy', view.inForce.signedBy));
    if (view.inForce.sequence !== undefined && view.inForce.expires) {
      facts.push(t('optSignedRelease', String(view.inForce.sequence), formatTime(Date.parse(view.inForce.expires), locale)));
    }
  } else facts.push(t('optNoListYet'));
  if (view.lastChecked !== undefined) facts.push(t('optLastChecked', formatTime(view.lastChecked, locale)));
  if (view.requireSignature) facts.push(t('optSignatureRequired'));
  if (view.pinned) facts.push(t('optPinned'));
  meta.textContent = facts.join(' · ');
  li.append(head, url, meta);

  const errorText = subscriptionErrorText(view);
  if (errorText) {
    const err = document.createElement('p');
    err.className = 'sub__error';
    err.dataset.kind = view.error!.kind;
    err.textContent = errorText;
    li.append(err);
  }
  if (view.networkSkipped?.length) {
    const skipped = document.createElement('p');
    skipped.className = 'sub__meta';
    skipped.textContent = t('optNetworkSkipped', String(view.networkSkipped.length), view.networkSkipped[0]);
    li.append(skipped);
  }
  return li;
}

export function renderSubscriptions(model: OptionsModel, locale: string, refresh: Refresh): void {
  const userSubs = model.settings.subscriptions.value.filter((s) => !model.settings.subscriptions.fromPolicy.some((p) => p.url === s.url));
  const list = $('subscription-list');
  list.dataset.empty = t('optNoSubscriptions');
  list.replaceChildren(...model.subscriptions.map((v) => subscriptionItem(v, locale, userSubs, refresh)));

  const interval = model.settings.updateIntervalMinutes;
  const note = $('interval-note');
  note.textContent = t('optInterval', String(Math.round(interval.value / 60 * 10) / 10));
  if (interval.locked) {
    const lock = document.createElement('span');
    lock.className = 'locked-note';
    showLockedNote(lock, true);
    note.append(' ', lock);
  }

  showLockedNote($('signatures-locked'), model.settings.requireSignature.value, t('optSignaturesRequiredByPolicy'));

  const all = $('update-all') as HTMLButtonElement;
  all.disabled = model.subscriptions.length === 0;
  all.onclick = async () => {
    all.disabled = true;
    $('update-status').textContent = t('optUpdating');
    await refresh(await updateSubscriptions());
    $('update-status').textContent = t('optUpdated');
  };

  const form = $('subscription-form') as HTMLFormElement;
  form.onsubmit = (event) => {
    event.preventDefault();
    const url = ($('subscription-url') as HTMLInputElement).value.trim();
    const name = ($('subscription-name') as HTMLInputElement).value.trim();
    const error = $('subscription-error');
    const problem = remoteUrlProblem(url);
    if (problem) {
      error.hidden = false;
      error.textContent = t('optSubscriptionInvalid', problem);
      return;
    }
    error.hidden = true;
    form.reset();
    const entry: SubscriptionSource = name ? { url, name } : { url };
    void updateSettings({ subscriptions: [...userSubs.filter((s) => s.url !== url), entry] })
      .then(() => updateSubscriptions([url]))
      .then(refresh);
  };
}
