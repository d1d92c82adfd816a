// `hookscope report`: the figures and per-event records of a data directory, as json, csv or html.
import type { Writable } from 'node:stream';
import { buildReport, loadReportInput, type ReportData } from './report-data';
import { toCsv } from './report-csv';
import { toHtml } from './report-html';

export type ReportFormat = 'json' | 'csv' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'csv', 'html'];

/** The json form: the summary figures plus one record per logical event (rows stay out: export has them). */
export function toJson(report: ReportData): string {
  const { push: _push, poll: _poll, pollRecords: _records, ...rest } = report;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

export function renderReport(report: ReportData, format: ReportFormat): string {
  if (format === 'csv') return toCsv(report.events);
  if (format === 'html') return toHtml(report);
  return toJson(report);
}

export async function writeReport(dataDir: string, format: ReportFormat, out: Writable, session?: string): Promise<void> {
  const report = buildReport(dataDir, await loadReportInput(dataDir, session));
  const text = renderReport(report, format);
  await new Promise<void>((resolve, reject) => {
    out.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
