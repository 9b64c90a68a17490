import type { Report } from '../src/report.js';

/** The machine contract: the Report as it is. JSON escaping makes hostile strings inert. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
