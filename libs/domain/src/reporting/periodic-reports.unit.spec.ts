/**
 * A province's periodic reports (NĐ 45/2012 Điều 16.1.i; TTLT 26/2014 Điều 9.3; TT 36/2013 Điều 21): submitted
 * by the province's officer after the period, due by the deadline policy, recorded missed once and only
 * when due and unsubmitted; a late submission is taken and marked late.
 */
import {
  Actor,
  decidePeriodicReport,
  evolvePeriodicReport,
  IllegalTransitionError,
  NotPermittedError,
  PeriodicReportCommand,
  PeriodicReportState,
  periodsEndingBetween,
  reportDue,
  reportPeriod,
  RuleViolationError,
} from '..';

const officer52: Actor = { sub: 'cb-52', role: 'officer', province: '52', name: 'Cán bộ Bình Định' };
const DUE: PeriodicReportState = { status: 'Due' };
const HASH = 'ab'.repeat(32);

const submit = (period: string, now: string, actor: Actor = officer52, reportType: 'quarterly' | 'six-month' | 'annual' = 'quarterly') =>
  ({
    type: 'SubmitPeriodicReport',
    data: { province: '52', reportType, period, snapshot: { rows: [] }, snapshotHash: HASH },
    metadata: { actor, now: new Date(now), commandId: `c-${period}-${now}` },
  }) as PeriodicReportCommand;
const missed = (period: string, now: string) =>
  ({
    type: 'RecordReportMissed',
    data: { province: '52', reportType: 'quarterly', period },
    metadata: { actor: { sub: 'scheduler', role: 'system' }, now: new Date(now), commandId: `m-${period}` },
  }) as PeriodicReportCommand;

describe('periodic reports of a province', () => {
  it('periods: quarters, halves and years, their first and last days', () => {
    expect(reportPeriod('quarterly', '2026-Q3')).toMatchObject({ start: '2026-07-01', end: '2026-09-30', year: 2026 });
    expect(reportPeriod('quarterly', '2024-Q1')).toMatchObject({ end: '2024-03-31' });
    expect(reportPeriod('six-month', '2026-H1')).toMatchObject({ start: '2026-01-01', end: '2026-06-30' });
    expect(reportPeriod('annual', '2025')).toMatchObject({ start: '2025-01-01', end: '2025-12-31' });
    expect(reportPeriod('quarterly', '2026-Q5')).toBeUndefined();
    expect(periodsEndingBetween('quarterly', '2026-04-01', '2026-12-04').map((p) => p.period)).toEqual(['2026-Q2', '2026-Q3']);
  });

  it('NĐ 45/2012 Điều 16.1.i (days: policy default): a quarterly report is due 10 days after the quarter, to the end of that day in Vietnam', () => {
    expect(reportDue(reportPeriod('quarterly', '2026-Q3')!)).toMatchObject({ dueOn: '2026-10-10', dueAt: '2026-10-10T16:59:59.999Z' });
    expect(reportDue(reportPeriod('annual', '2025')!)).toMatchObject({ dueOn: '2026-01-15' });
  });

  it('NĐ 45/2012 Điều 16.1.i: the province’s officer submits after the quarter, on time; the snapshot and its hash are kept', () => {
    const [event] = decidePeriodicReport(submit('2026-Q3', '2026-10-05T03:00:00Z'), DUE);
    expect(event).toMatchObject({
      type: 'PeriodicReportSubmitted',
      data: { province: '52', period: '2026-Q3', late: false, snapshotHash: HASH, snapshot: { rows: [] }, submittedAt: '2026-10-05T03:00:00.000Z' },
    });
    expect(evolvePeriodicReport(DUE, event!)).toEqual({ status: 'Submitted', late: false, snapshotHash: HASH });
  });

  it('a report cannot be submitted before its period ends, twice, by another province’s officer or by the Ministry', () => {
    expect(() => decidePeriodicReport(submit('2026-Q4', '2026-12-04T03:00:00Z'), DUE)).toThrow(RuleViolationError);
    expect(() => decidePeriodicReport(submit('2026-Q3', '2026-10-05T03:00:00Z'), { status: 'Submitted', late: false, snapshotHash: HASH })).toThrow(
      IllegalTransitionError,
    );
    expect(() => decidePeriodicReport(submit('2026-Q3', '2026-10-05T03:00:00Z', { ...officer52, province: '01' }), DUE)).toThrow(NotPermittedError);
    expect(() => decidePeriodicReport(submit('2026-Q3', '2026-10-05T03:00:00Z', { sub: 'cuc', role: 'officer' }), DUE)).toThrow(NotPermittedError);
  });

  it('missed once its due day is over and nothing was submitted; never before, never twice, never after a submission', () => {
    expect(decidePeriodicReport(missed('2026-Q2', '2026-07-10T16:00:00Z'), DUE)).toEqual([]);
    const [event] = decidePeriodicReport(missed('2026-Q2', '2026-07-10T17:00:00Z'), DUE);
    expect(event).toMatchObject({ type: 'PeriodicReportMissed', data: { period: '2026-Q2', dueAt: '2026-07-10T16:59:59.999Z' } });
    const afterMiss = evolvePeriodicReport(DUE, event!);
    expect(decidePeriodicReport(missed('2026-Q2', '2026-08-01T00:00:00Z'), afterMiss)).toEqual([]);
    expect(decidePeriodicReport(missed('2026-Q2', '2026-08-01T00:00:00Z'), { status: 'Submitted', late: false, snapshotHash: HASH })).toEqual([]);
    // a late report is still taken, marked late
    expect(decidePeriodicReport(submit('2026-Q2', '2026-08-01T03:00:00Z'), afterMiss)).toMatchObject([{ data: { late: true } }]);
  });
});
