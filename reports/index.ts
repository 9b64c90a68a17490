// The renderer registry: one function of the Report per format, loaded when used.
import type { Report } from '../src/report.js';

export const FORMATS = ['table', 'json', 'html', 'csv', 'sarif', 'ocsf', 'checklist', 'fix-plan'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  readonly color: boolean;
  readonly width?: number;
}

export const FORMAT_EXTENSIONS: Readonly<Record<Format, string>> = { table: 'txt', json: 'json', html: 'html', csv: 'csv', sarif: 'sarif', ocsf: 'ocsf.json', checklist: 'md', 'fix-plan': 'sh' };

export async function render(format: Format, report: Report, options: RenderOptions): Promise<string> {
  switch (format) {
    case 'table':
      return (await import('./table.js')).renderTable(report, options);
    case 'json':
      return (await import('./json.js')).renderJson(report);
    case 'html':
      return (await import('./html.js')).renderHtml(report);
    case 'csv':
      return (await import('./csv.js')).renderCsv(report);
    case 'sarif':
      return (await import('./sarif.js')).renderSarif(report);
    case 'ocsf':
      return (await import('./ocsf.js')).renderOcsf(report);
    case 'checklist':
      return (await import('./checklist.js')).renderChecklist(report);
    case 'fix-plan':
      return (await import('./fix-plan.js')).renderFixPlan(report);
  }
}

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
