import type { EstimateReport } from '../model.js';
import type { PlanReport } from '../plan-model.js';
import { renderEstimateHtml } from './estimate.js';
import { renderPlanHtml } from './plan.js';

/**
 * `--format html`: one self-contained page (inline CSS and SVG, no script, nothing fetched) for an estimate
 * (or compare) report or a plan report, told apart by `mode`, which only a plan has. The key figures carry
 * their exact values in data attributes (`data-rule-set` + `data-monthly-usd` on each headline total,
 * `data-usd` on every amount shown), so a reader or a test can compare the page with the JSON.
 */
export function renderHtml(report: EstimateReport | PlanReport): string {
  return 'mode' in report ? renderPlanHtml(report) : renderEstimateHtml(report);
}

export { escapeHtml, linkify } from './escape.js';
export { stackedBarChart, type StackedBarChartInput, type StackedSeries } from './stacked-bar-chart.js';
export { barChart, type BarChartInput, type BarDatum } from './bar-chart.js';
export { lineChart, type LineChartInput, type LineSeries, type LinePoint } from './line-chart.js';
export { niceTicks } from './svg.js';
