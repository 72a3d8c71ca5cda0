import { formatCount, formatQuantity, formatUnitPrice, formatUSD, renderColumns } from './format.js';
import type { EstimateReport } from './model.js';
import { recordingAdviceLines, ruleSetDetails, ruleSetSummary } from './rule-set-tables.js';
import { PLAIN, type Paint } from './color.js';
import { sparkline } from './sparkline.js';

const minutes = (iso: string) => iso.replace(/:00Z$/, 'Z').replace('T', ' ');

/** The terminal view of an estimate: what a person reads first, then the detail. */
export function renderTable(report: EstimateReport, paint: Paint = PLAIN): string {
  const out: string[] = [];
  const { window, events, forecast, configurationItems: cis } = report;
  const ruleSet = report.ruleSets[0]!;
  const unit = report.pricing.usageTypes[0];
  const unitPrice = unit && unit.tiers.length === 1 ? ` at ${formatUnitPrice(unit.tiers[0]!.usd)}` : '';

  out.push(
    paint.bold(
      `AWS Config estimate for container resources: ${formatUSD(ruleSet.monthlyCostUSD.total)} per month${report.ruleSets.length > 1 || ruleSet.rules.length > 0 ? ` with rule set '${ruleSet.name}'` : ''}`,
    ),
  );
  out.push('');
  out.push(`Window     ${minutes(window.from)} to ${minutes(window.to)} (${window.days} days, end exclusive)`);
  out.push(`Forecast   ${describeForecast(report)}`);
  const range = ruleSet.monthlyCostRangeUSD;
  if (range) out.push(`Range      P10 ${formatUSD(range.p10)} to P90 ${formatUSD(range.p90)} per month (${report.forecast.range.samples} months resampled from the observed days)`);
  const trend = report.forecast.trend;
  out.push(
    `Trend      CIs a day ${formatQuantity(trend.configurationItemsPerDay.start)} to ${formatQuantity(trend.configurationItemsPerDay.end)} over the window (${trend.configurationItemsPerDay.slopePerDay >= 0 ? '+' : ''}${trend.configurationItemsPerDay.slopePerDay.toFixed(2)} a day), ${trend.applied ? 'applied' : 'not applied (--trend applies it)'}`,
  );
  const f = report.files;
  out.push(
    `Files      ${formatCount(f.read)} read, ${formatCount(f.digest)} digest and ${formatCount(f.insights)} Insights passed over, ${formatCount(f.skipped)} skipped`,
  );
  out.push('');
  out.push('Events');
  out.push(
    ...renderColumns([
      ['read', 'duplicates', 'out of window', 'failed', 'read-only', 'unrelated', 'counted'],
      [events.read, events.duplicates, events.outOfWindow, events.failed, events.readOnly, events.unrelated, events.counted].map(formatCount),
    ]),
  );
  out.push('');
  out.push(`Configuration items (${report.recording.mode} recording${unitPrice} each)`);
  const rows: string[][] = [['resource type', 'observed', 'per month', 'per month USD', 'daily']];
  const types = Object.keys(cis.observed.byResourceType).filter((t) => (cis.observed.byResourceType[t] ?? 0) > 0);
  const daily = cis.daily.byResourceType;
  for (const type of types) {
    rows.push([
      type,
      formatCount(cis.observed.byResourceType[type]!),
      formatQuantity(cis.monthly.byResourceType[type]!),
      formatUSD(cis.monthlyCostUSD.byResourceType[type]!),
      sparkline(daily[type] ?? []),
    ]);
  }
  const totalDaily = cis.daily.days.map((_, d) => Object.values(daily).reduce((sum, series) => sum + (series[d] ?? 0), 0));
  rows.push(['total', formatCount(cis.observed.total), formatQuantity(cis.monthly.total), formatUSD(cis.monthlyCostUSD.total), sparkline(totalDaily)]);
  out.push(...renderColumns(rows, new Set([1, 2, 3])));
  const zeroTypes = Object.keys(cis.observed.byResourceType).length - types.length;
  if (zeroTypes > 0) out.push(`  (${zeroTypes} other container resource types: no configuration items)`);
  const notRecorded = report.recording.notRecorded.observed;
  if (notRecorded.total > 0) {
    out.push(`  not recorded by your recording settings: ${formatCount(notRecorded.total)} (${Object.keys(notRecorded.byResourceType).join(', ')})`);
  }
  if (report.byAccountRegion.length > 1) {
    out.push('');
    out.push('By account and region');
    out.push(
      ...renderColumns([
        ['account', 'region', 'observed CIs', 'per month USD'],
        ...report.byAccountRegion.map((r) => [r.account, r.region, formatCount(r.configurationItems.observed), formatUSD(r.monthlyCostUSD)]),
      ]),
    );
  }
  out.push('');
  if (report.ruleSets.length === 1 && ruleSet.rules.length === 0) {
    out.push(`Monthly cost, rule set '${ruleSet.name}' (add rules with --rules; 'config-cost rules sets' lists them)`);
    out.push(
      ...renderColumns([
        ['configuration items', formatUSD(ruleSet.monthlyCostUSD.configurationItems)],
        ['rule evaluations', formatUSD(ruleSet.monthlyCostUSD.ruleEvaluations)],
        ['total', formatUSD(ruleSet.monthlyCostUSD.total)],
      ]),
    );
  } else {
    out.push('Monthly cost by rule set');
    out.push(...ruleSetSummary(report));
    out.push(...ruleSetDetails(report, (set) => `Rules of ${set.name}, most expensive first`, 10));
  }
  out.push('', ...recordingAdviceLines(report));
  out.push('');
  out.push('Assumptions (override with --assume ID=VALUE)');
  for (const a of report.assumptions) {
    out.push(`  ${a.id} = ${String(a.value)}${a.overridden ? ` (default ${String(a.default)})` : ''}: ${a.description}`);
  }
  if (events.outOfWindow > 0 && events.outOfWindow * 2 >= events.read) {
    out.push('');
    out.push(`Note: ${formatCount(events.outOfWindow)} of ${formatCount(events.read)} records fall outside the window; widen it with --days or --from/--to.`);
  }
  if (report.incomplete) {
    out.push('');
    out.push(
      paint.warn(`Incomplete: ${formatCount(report.skipped.files)} files and ${formatCount(report.skipped.records)} records could not be used (warnings on stderr; --format json lists them).`),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The forecast method in words, with the figures it uses. */
export function describeForecast(report: EstimateReport): string {
  const f = report.forecast;
  if (f.month) {
    return `${f.month.month}: weekday rate x ${f.month.weekdays} weekdays + weekend rate x ${f.month.weekendDays} weekend days (window: ${f.month.windowWeekdays} weekdays, ${f.month.windowWeekendDays} weekend days)`;
  }
  return `monthly = observed x ${f.factor.toFixed(4)} (${f.monthDays}-day month / ${f.windowDays}-day window)`;
}
