import type { TabState } from '../../engine/protocol';

/**
 * Exposes what the popup shows to automation (docs/automation.md): Firefox tests can't reach
 * the background global, but they can read a page's DOM.
 */
export function exportState(doc: Document, state: TabState | null, status: 'ready' | 'error'): void {
  const holder = doc.getElementById('tab-state');
  if (holder) holder.textContent = state ? JSON.stringify(state) : '';
  if (state) doc.body.dataset.tabId = String(state.tabId);
  doc.body.dataset.state = status;
}
