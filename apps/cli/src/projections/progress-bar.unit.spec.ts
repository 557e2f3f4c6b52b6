import { RebuildProgress } from '@app/projections';
import { ProgressBar, renderProgress } from './progress-bar';

const progress = (applied: number, total: number | null, phase: RebuildProgress['phase'] = 'building'): RebuildProgress =>
  ({ name: 'de-an-list', operation: 'rebuild', phase, applied, total, position: null, startedAt: '2027-01-01T00:00:00Z' });

function output(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('rebuild progress bar', () => {
  it('draws the bar, the share, the counts and the rate', () => {
    expect(renderProgress(progress(520_000, 1_000_000), 12_345.4)).toBe(
      `de-an-list [${'#'.repeat(15)}${'-'.repeat(15)}] 52 % 520,000/1,000,000 events 12,345 ev/s`);
    expect(renderProgress(progress(7_000, null), 700)).toBe(`de-an-list [${'?'.repeat(30)}] 7,000 events 700 ev/s`);
    expect(renderProgress(progress(1_000_000, 1_000_000, 'swapping'), 1)).toContain('100 % 1,000,000/1,000,000 events 1 ev/s swapping');
  });

  it('redraws one line on a terminal and ends it when done', () => {
    let now = 0;
    const out = output(true);
    const bar = new ProgressBar(out, () => now);
    bar.update(progress(0, 1_000));
    now = 50;
    bar.update(progress(100, 1_000)); // too soon: not drawn
    now = 1_000;
    bar.update(progress(500, 1_000));
    now = 2_000;
    bar.update(progress(1_000, 1_000, 'done'));
    expect(out.written.filter((w) => w.startsWith('\r'))).toHaveLength(3);
    expect(out.written[1]).toContain('50 % 500/1,000 events 500 ev/s');
    expect(out.written.at(-1)).toBe('\n');
  });

  it('writes plain lines every few seconds when stderr is not a terminal', () => {
    let now = 0;
    const out = output(false);
    const bar = new ProgressBar(out, () => now);
    for (let i = 0; i <= 100; i += 1) {
      now = i * 100; // 10 s in all
      bar.update(progress(i * 10, 1_000));
    }
    bar.update(progress(1_000, 1_000, 'done'));
    expect(out.written.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(out.written.length).toBeGreaterThanOrEqual(3);
    expect(out.written.length).toBeLessThanOrEqual(5);
  });
});
