import { renderCompareTable } from '../../report/compare-table.js';
import { renderHtml } from '../../report/html/index.js';
import { renderReport } from '../../report/render.js';
import type { CommandIO } from '../io.js';
import { emit, exitCodeFor, replayFromOptions, type EstimateOptions, type EstimateResult } from '../estimate/index.js';

/** With no --rules, compare the sets most people choose between. */
export const DEFAULT_COMPARED_SETS = ['none', 'containers-2022', 'security-hub-fsbp', 'containers-all'];

/** `config-cost compare`: one replay, several rule sets side by side. */
export async function runCompare(options: EstimateOptions, io: CommandIO): Promise<EstimateResult> {
  const rules = options.rules.length > 0 ? options.rules : DEFAULT_COMPARED_SETS;
  const report = await replayFromOptions({ ...options, rules }, io);
  await emit(renderReport(report, options.format, renderCompareTable, renderHtml), options.out, io, options.force);
  return { report, exitCode: exitCodeFor(report, options, io) };
}
