import browser from 'webextension-polyfill';

/** A UI string; falls back to the key so a missing translation is visible rather than blank. */
export function t(key: string, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** Fills every `[data-i18n]` element's text from its message key. */
export function localizeStatic(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n!);
  }
  document.documentElement.lang = browser.i18n.getUILanguage();
}
