import { PassThrough } from 'node:stream';
import { progress } from './progress';

describe('the CLI progress bar', () => {
  it('writes the label, the share, the counts with thousands separators, the rate and the note; off a terminal, as plain lines', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => (text += String(chunk)));
    const bar = progress('import', 3_600, 'records', out);
    bar.update(1_234, '3 failed');
    bar.stop();
    expect(text).toMatch(/import \[#{10}-{20}\] 34% 1,234\/3,600 records \d[\d,]*\/s · 3 failed/);
    expect(text).not.toContain('\r');
  });
});
