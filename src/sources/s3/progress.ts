/** One self-rewriting line on a terminal: objects done of total, bytes, rate. Off when stderr is not a TTY. */
import type { DownloadProgressSink } from './download.js';
import { formatBytes, formatCount } from './format.js';

const REDRAW_MS = 200;

export class DownloadProgress implements DownloadProgressSink {
  private done = 0;
  private received = 0;
  private lastDraw = 0;
  private readonly started: number;

  constructor(
    private readonly total: number,
    private readonly totalBytes: number,
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  bytes(n: number): void {
    this.received += n;
    this.draw(false);
  }

  objectDone(): void {
    this.done += 1;
    this.draw(this.done === this.total);
  }

  /** Clears the line, so what follows starts on a clean one. */
  finish(): void {
    this.write('\r\x1b[K');
  }

  private draw(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    this.write(
      `\r\x1b[Ks3: ${formatCount(this.done)} of ${formatCount(this.total)} objects, ${formatBytes(this.received)} of ${formatBytes(this.totalBytes)}, ${formatBytes(this.received / seconds)}/s`,
    );
  }
}
