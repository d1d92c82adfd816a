// `hookscope report`: the figures and per-event records of a data directory, as json, csv or html.
import type { Writable } from 'node:stream';
import type { Figures } from '../figures/figures';
import { buildReport, loadReportInput, type ReportData } from './report-data';
import { toCsv } from './report-csv';
import { toHtml } from './report-html';

export type ReportFormat = 'json' | 'csv' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'csv', 'html'];

/**
 * The json form: the summary figures plus one record per logical event (rows stay out: export has
 * them). Moments are whole epoch milliseconds, as the README says: the clock is finer than that, but
 * `1796372001592.0527` reads as noise. Durations (delays, leads) keep their fraction.
 */
export function toJson(report: ReportData): string {
  const { push: _push, poll: _poll, pollRecords: _records, ...rest } = report;
  // Overriding keys the spread already set keeps them where they were in the output.
  const json = {
    ...rest,
    figures: figuresInWholeMs(rest.figures),
    windows: rest.windows.map((w) => ({ ...w, start: Math.round(w.start), end: Math.round(w.end), figures: figuresInWholeMs(w.figures) })),
    events: rest.events.map((e) => ({
      ...e,
      ...(e.sourceTime !== undefined && { sourceTime: Math.round(e.sourceTime) }),
      ...(e.firstPushT !== undefined && { firstPushT: Math.round(e.firstPushT) }),
      ...(e.firstPollT !== undefined && { firstPollT: Math.round(e.firstPollT) }),
      seenAt: Math.round(e.seenAt),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function figuresInWholeMs(figures: Figures): Figures {
  return {
    ...figures,
    ...(figures.from !== undefined && { from: Math.round(figures.from) }),
    ...(figures.to !== undefined && { to: Math.round(figures.to) }),
  };
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
