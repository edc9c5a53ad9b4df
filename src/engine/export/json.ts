import { toExportRecord } from './records';
import { EXPORT_FORMAT, FORMAT_VERSION, REPORT_FORMAT, type ExportEnvironment, type ExportableFinding, type FindingsExport, type FindingsReport } from './types';

export function findingsExport(findings: readonly ExportableFinding[], env: ExportEnvironment, now: number): FindingsExport {
  return {
    format: EXPORT_FORMAT,
    version: FORMAT_VERSION,
    generatedAt: new Date(now).toISOString(),
    extension: { name: 'Miner Sentry', version: env.extensionVersion },
    browser: { ...env.browser },
    findings: findings.map(toExportRecord),
  };
}

export function exportJson(findings: readonly ExportableFinding[], env: ExportEnvironment, now: number): string {
  return `${JSON.stringify(findingsExport(findings, env, now), null, 2)}\n`;
}

export function findingsReport(findings: readonly ExportableFinding[], env: ExportEnvironment, batchId: string, now: number): FindingsReport {
  return {
    format: REPORT_FORMAT,
    version: FORMAT_VERSION,
    batchId,
    sentAt: new Date(now).toISOString(),
    extension: { name: 'Miner Sentry', version: env.extensionVersion },
    browser: { ...env.browser },
    findings: findings.map(toExportRecord),
  };
}
