/** JSON is the contract: every report model renders as itself, indented, with a final newline. */
export function renderJson(report: object): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
