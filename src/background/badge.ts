import browser from 'webextension-polyfill';
import type { Finding } from '../engine/types';
import { alarmRank } from './verdict-rank';

export const BADGE_RED = '#c5221f';
export const BADGE_AMBER = '#b06000';
export const BADGE_GREY = '#5f6368';

export interface Badge { text: string; color: string }

export function badgeFor(findings: readonly Pick<Finding, 'verdict' | 'action'>[]): Badge {
  if (findings.length === 0) return { text: '', color: BADGE_GREY };
  const worst = Math.max(...findings.map(alarmRank));
  const color = worst >= 3 ? BADGE_RED : worst === 2 ? BADGE_AMBER : BADGE_GREY;
  // The store caps a tab at a few hundred findings; four characters is all a badge shows.
  const text = findings.length > 999 ? '999+' : String(findings.length);
  return { text, color };
}

/** Per-tab badge; the global badge stays empty so one page's findings never show on another. */
export async function showBadge(tabId: number, badge: Badge): Promise<void> {
  try {
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: badge.text }),
      browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
    ]);
  } catch {
    // The tab closed between the finding and the update: nothing left to label.
  }
}
