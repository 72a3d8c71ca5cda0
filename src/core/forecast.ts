import type { Window } from './window.js';

/** How observed counts become a month: monthly = observed x factor. */
export interface LinearForecast {
  method: 'linear';
  windowDays: number;
  monthDays: number;
  factor: number;
}

export function linearForecast(window: Window, monthDays: number): LinearForecast {
  return { method: 'linear', windowDays: window.days, monthDays, factor: monthDays / window.days };
}
