import { renderCsv } from './csv.js';
import { renderInfracostUsage } from './infracost.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { EstimateReport } from './model.js';
import type { PlanReport } from './plan-model.js';

export const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'csv', 'infracost-usage', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The formats other than the table render the same way for every command; the table is the command's own. */
export function renderReport<R extends EstimateReport | PlanReport>(report: R, format: OutputFormat, table: (report: R) => string, html?: (report: R) => string): string {
  switch (format) {
    case 'table':
      return table(report);
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'infracost-usage':
      return renderInfracostUsage(report);
    case 'html':
      if (!html) throw new Error('html is not wired');
      return html(report);
  }
}
