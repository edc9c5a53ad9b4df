import type { EnforcementMode } from '../../engine/protocol';
import { t } from '../popup/i18n';

export const MODES: readonly EnforcementMode[] = ['block', 'report-only', 'off'];

export function modeLabel(mode: EnforcementMode): string {
  return t(mode === 'block' ? 'optModeBlock' : mode === 'report-only' ? 'optModeReportOnly' : 'optModeOff');
}
