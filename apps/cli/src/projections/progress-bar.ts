/**
 * Progress of a rebuild or check on stderr: one redrawn line on a terminal
 * (`[#####-----] 52 % 520,000/1,000,000 events 12,345 ev/s`), plain lines every few seconds otherwise
 * (logs and CI keep every line).
 */
import { RebuildProgress } from '@app/projections';

export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const WIDTH = 30;
const TTY_REDRAW_MS = 100;
const PLAIN_EVERY_MS = 5_000;

const count = (n: number) => n.toLocaleString('en-US');

export function renderProgress(p: RebuildProgress, eventsPerSecond: number): string {
  const rate = `${count(Math.round(eventsPerSecond))} ev/s`;
  const phase = p.phase === 'building' ? '' : ` ${p.phase}`;
  if (p.total === null || p.total === 0) return `${p.name} [${'?'.repeat(WIDTH)}] ${count(p.applied)} events ${rate}${phase}`;
  const ratio = Math.min(1, p.applied / p.total);
  const filled = Math.floor(ratio * WIDTH);
  return `${p.name} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)} % ${count(p.applied)}/${count(p.total)} events ${rate}${phase}`;
}

export class ProgressBar {
  private readonly started = new Map<string, number>();
  private lastDraw: number | undefined;
  private lastWidth = 0;
  private current: string | undefined;

  constructor(private readonly out: ProgressOutput = process.stderr, private readonly now: () => number = Date.now) {}

  update(p: RebuildProgress): void {
    const now = this.now();
    if (!this.started.has(p.name)) this.started.set(p.name, now);
    if (this.current !== undefined && this.current !== p.name) this.finishLine();
    this.current = p.name;
    const finished = p.phase === 'done' || p.phase === 'failed';
    const every = this.out.isTTY ? TTY_REDRAW_MS : PLAIN_EVERY_MS;
    if (!finished && p.phase === 'building' && this.lastDraw !== undefined && now - this.lastDraw < every) return;
    this.lastDraw = now;
    const seconds = Math.max(0.001, (now - this.started.get(p.name)!) / 1_000);
    const line = renderProgress(p, p.applied / seconds);
    if (this.out.isTTY) {
      this.out.write(`\r${line}${' '.repeat(Math.max(0, this.lastWidth - line.length))}`);
      this.lastWidth = line.length;
    } else {
      this.out.write(`${line}\n`);
    }
    if (finished) this.finishLine();
  }

  /** Ends the redrawn line so what follows starts on its own. */
  finishLine(): void {
    if (this.out.isTTY && this.lastWidth > 0) this.out.write('\n');
    this.lastWidth = 0;
    this.lastDraw = undefined;
    this.current = undefined;
  }
}
