import type { OptionsModel } from '../../background/options-model';
import { t } from '../popup/i18n';
import { checkRules, type RulesCheck } from './rules-check';
import { updateSettings } from './send';
import { showLockedNote } from './locked-note';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const CHECK_DELAY_MS = 250;
const ISSUES_SHOWN = 20;

function showCheck(box: HTMLElement, check: RulesCheck, empty: boolean): void {
  if (empty) {
    box.replaceChildren();
    return;
  }
  if (check.ok) {
    const ok = document.createElement('p');
    ok.className = 'ok';
    const format = t(check.format === 'native' ? 'optFormatNative' : check.format === 'abp' ? 'optFormatAbp' : 'optFormatHosts');
    ok.textContent = t('optRulesValid', String(check.ruleCount), format);
    if (check.skipped) ok.textContent += ` ${t('optRulesSkipped', String(check.skipped))}`;
    box.replaceChildren(ok);
    return;
  }
  const list = document.createElement('ul');
  for (const issue of check.issues.slice(0, ISSUES_SHOWN)) {
    const li = document.createElement('li');
    li.textContent = issue.message;
    if (issue.line !== undefined) li.dataset.line = String(issue.line);
    list.append(li);
  }
  const title = document.createElement('p');
  title.textContent = t('optRulesInvalid', String(check.issues.length));
  box.replaceChildren(title, list);
}

/**
 * The custom rules editor: checked as the user types (the same loader the background uses,
 * so "valid" here means it loads there), saved only when it has no errors.
 */
export function setupRulesEditor(model: OptionsModel): void {
  const editor = $('rules-editor') as HTMLTextAreaElement;
  const save = $('rules-save') as HTMLButtonElement;
  const status = $('rules-status');
  const box = $('rules-check');
  let saved = model.settings.customRules.value;
  editor.value = saved;

  const inline = $('inline-rules-note');
  inline.hidden = model.settings.inlineRuleCount === 0;
  inline.textContent = t('optInlineRules', String(model.settings.inlineRuleCount));

  // The same condition under which the background drops the user's $document exceptions.
  const restricted = model.settings.mode.locked || model.settings.allowlist.locked;
  const allowNote = $('rules-allow-note');
  const showAllowNote = (allowRules: number) => {
    if (restricted) showLockedNote(allowNote, allowRules > 0, t('optAllowRulesLocked'));
    else {
      allowNote.hidden = allowRules === 0;
      allowNote.textContent = t('optAllowRulesRank');
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    const check = checkRules(editor.value);
    showAllowNote(check.allowRules);
    showCheck(box, check, editor.value.trim() === '');
    editor.setAttribute('aria-invalid', String(!check.ok));
    save.disabled = !check.ok || editor.value === saved;
    return check;
  };
  run();
  editor.oninput = () => {
    status.textContent = '';
    clearTimeout(timer);
    timer = setTimeout(run, CHECK_DELAY_MS);
  };
  save.onclick = async () => {
    if (!run().ok) return;
    save.disabled = true;
    await updateSettings({ customRules: editor.value });
    saved = editor.value;
    status.textContent = t('optSaved');
  };
}
