export type * from './types';
export { EXPORT_FORMAT, REPORT_FORMAT, FORMAT_VERSION } from './types';
export { toExportRecord } from './records';
export { exportJson, findingsExport, findingsReport } from './json';
export { exportCsv, csvCell, CSV_HEADERS } from './csv';
export { isReportable, reportUrl, reportView } from './report-privacy';
