/** ANSI styles, applied only when the caller says the output is a terminal that wants colour. */
export interface Paint {
  bold: (text: string) => string;
  warn: (text: string) => string;
  good: (text: string) => string;
  dim: (text: string) => string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const PLAIN: Paint = { bold: (t) => t, warn: (t) => t, good: (t) => t, dim: (t) => t };
export const ANSI: Paint = { bold: wrap(1, 22), warn: wrap(33, 39), good: wrap(32, 39), dim: wrap(2, 22) };

/** Colour on a terminal only, never with NO_COLOR set (https://no-color.org) or --no-color. */
export function choosePaint(isTTY: boolean, env: Readonly<Record<string, string | undefined>>, colorFlag: boolean): Paint {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return isTTY && colorFlag && !noColor ? ANSI : PLAIN;
}
