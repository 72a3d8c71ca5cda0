import type { EstimateReport } from './model.js';

export function renderJson(report: EstimateReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
