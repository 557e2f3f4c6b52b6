/**
 * The CLI's progress bars (import, rebuild, check, demo), drawn by cli-progress on stderr: one redrawn
 * line on a terminal, a plain line every few seconds otherwise (logs and CI keep every line).
 *   import [##########--------------------] 34% 1,234/3,600 records 120/s · 3 failed
 */
import { SingleBar } from 'cli-progress';

const count = (n: number) => Math.round(n).toLocaleString('en-US');

export interface Progress {
  /** `done` of the total so far; `note` is shown after the rate (failures, a phase). */
  update(done: number, note?: string): void;
  /** Draws the last state and ends the line, so that what follows starts on its own. */
  stop(): void;
}

export function progress(label: string, total: number, unit: string, stream: NodeJS.WritableStream = process.stderr): Progress {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% {done}/{all} ${unit} {rate}/s{note}`,
    stream,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
    barsize: 30,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: null,
  });
  const started = Date.now();
  const payload = (done: number, note?: string) => ({
    done: count(done),
    all: count(total),
    rate: count(done / Math.max(0.001, (Date.now() - started) / 1_000)),
    note: note ? ` · ${note}` : '',
  });
  bar.start(Math.max(total, 1), 0, payload(0));
  let last = 0;
  return {
    update(done, note) {
      last = done;
      bar.update(Math.min(done, Math.max(total, 1)), payload(done, note));
    },
    stop() {
      bar.update(Math.min(last, Math.max(total, 1)));
      bar.stop();
    },
  };
}
