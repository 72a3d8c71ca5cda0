import type { EstimateReport } from './model.js';
import type { PlanReport } from './plan-model.js';

/** Placeholder until the HTML renderer lands (src/report/html/). */
export function renderHtml(_report: EstimateReport | PlanReport): string {
  throw new Error('html is not wired');
}
