import { DEADLINE_POLICY, withDeadlineOverrides } from '../rules/deadline-policy';
import { workingCalendar } from '../rules/working-calendar';
import { DeadlineEvent, DeadlineRules, DeadlineState, decideDeadlineMissed, DEFAULT_DEADLINE_RULES, foldDeadlines } from './deadlines';
import { shiftInstant } from './duration';

let version = 0;
const at = (occurredAt: string, type: string, data: Record<string, unknown> = {}, recordedAt = occurredAt): DeadlineEvent => ({
  type,
  data,
  version: ++version,
  metadata: { occurredAt, recordedAt },
});

const registered = (when: string, recordedAt = when) => at(when, 'DeAnRegistered', { planYear: 2026, title: 'Máy sấy', province: '52' }, recordedAt);
const open = (state: DeadlineState) => Object.fromEntries(state.open.map((d) => [d.id.split('@')[0], d]));

beforeEach(() => (version = 0));

describe("deadlines folded from a đề án's events", () => {
  it('assigning a council opens the appraisal: 15 working days, Tết 2026 skipped, reminded 3 days before', () => {
    const state = foldDeadlines([registered('2026-02-01T02:00:00Z'), at('2026-02-10T03:00:00Z', 'CouncilAssigned')], DEFAULT_DEADLINE_RULES);
    // 15 working days after Tue 10/2/2026, with Tết 14–22/2 off, is Tue 10/3 (working-calendar spec); due at its end in Vietnam.
    expect(state.open).toEqual([
      expect.objectContaining({
        id: 'appraisal@2',
        kind: 'appraisal',
        dueAt: '2026-03-10T16:59:59.999Z',
        live: true,
        reminders: [{ before: 'P3D', at: '2026-03-07T16:59:59.999Z' }],
        remind: ['council', 'officer'],
      }),
    ]);
  });

  it('concluding the appraisal closes it; a revision request closes it and opens the revision by its own due date', () => {
    const rules = DEFAULT_DEADLINE_RULES;
    const assigned = [registered('2026-03-01T02:00:00Z'), at('2026-03-02T02:00:00Z', 'CouncilAssigned')];
    expect(foldDeadlines([...assigned, at('2026-03-05T02:00:00Z', 'AppraisalConcluded')], rules).open).toEqual([]);
    const request = at('2026-03-05T02:00:00Z', 'RevisionRequested', { dueDate: '2026-03-20' });
    const revising = foldDeadlines([...assigned, request], rules);
    expect(revising.open.map((d) => [d.id, d.dueAt])).toEqual([[`revision@${request.version}`, '2026-03-20T16:59:59.999Z']]);
    // Revised: the revision is met and the appraisal opens again, as a new instance.
    const revision = at('2026-03-10T02:00:00Z', 'DeAnRevised', { changes: {} });
    expect(foldDeadlines([revision], rules, revising).open.map((d) => d.id)).toEqual([`appraisal@${revision.version}`]);
  });

  it('a contract opens completion (its end date), the monthly progress report and the final settlement (22/01 of the next year)', () => {
    const state = foldDeadlines(
      [registered('2026-01-05T02:00:00Z'), at('2026-04-10T02:00:00Z', 'ContractSigned', { endDate: '2026-10-31' })],
      DEFAULT_DEADLINE_RULES,
    );
    const byKind = open(state);
    expect(byKind.completion).toMatchObject({ dueAt: '2026-10-31T16:59:59.999Z', reminders: [{ before: 'P30D' }, { before: 'P7D' }] });
    // Before the 25th: the end of the 24th, Vietnam time.
    expect(byKind['progress-report']).toMatchObject({ id: 'progress-report@2026-05', dueAt: '2026-05-24T16:59:59.999Z' });
    expect(byKind['settlement-final']).toMatchObject({ dueAt: '2027-01-22T16:59:59.999Z' });
  });

  it('an approved extension moves the completion deadline and its reminders; other adjustments leave it', () => {
    const signed = foldDeadlines(
      [registered('2026-01-05T02:00:00Z'), at('2026-04-10T02:00:00Z', 'ContractSigned', { endDate: '2026-10-31' })],
      DEFAULT_DEADLINE_RULES,
    );
    const extended = foldDeadlines(
      [at('2026-09-01T02:00:00Z', 'AdjustmentApproved', { kind: 'extend-next-year', endDate: '2027-03-31' })],
      DEFAULT_DEADLINE_RULES,
      signed,
    );
    expect(open(extended).completion).toMatchObject({
      id: open(signed).completion!.id,
      dueAt: '2027-03-31T16:59:59.999Z',
      reminders: [
        { before: 'P30D', at: '2027-03-01T16:59:59.999Z' },
        { before: 'P7D', at: '2027-03-24T16:59:59.999Z' },
      ],
    });
    const reduced = foldDeadlines(
      [at('2026-09-01T02:00:00Z', 'AdjustmentApproved', { kind: 'reduce-support', approvedSupport: 1 })],
      DEFAULT_DEADLINE_RULES,
      signed,
    );
    expect(open(reduced).completion).toEqual(open(signed).completion);
  });

  it('TT 36/2013 Điều 11.2.b: an extension into the next year moves the final settlement to 22/01 after that year; a change inside the year does not', () => {
    const signed = foldDeadlines(
      [registered('2026-01-05T02:00:00Z'), at('2026-04-10T02:00:00Z', 'ContractSigned', { endDate: '2026-10-31' })],
      DEFAULT_DEADLINE_RULES,
    );
    expect(open(signed)['settlement-final']).toMatchObject({ dueAt: '2027-01-22T16:59:59.999Z' });
    const extended = foldDeadlines(
      [at('2026-09-01T02:00:00Z', 'AdjustmentApproved', { kind: 'extend-next-year', endDate: '2027-03-31' })],
      DEFAULT_DEADLINE_RULES,
      signed,
    );
    expect(open(extended)['settlement-final']).toMatchObject({ id: open(signed)['settlement-final']!.id, dueAt: '2028-01-22T16:59:59.999Z' });
    const earlier = foldDeadlines(
      [at('2026-09-01T02:00:00Z', 'AdjustmentApproved', { kind: 'change-timing', endDate: '2026-09-30' })],
      DEFAULT_DEADLINE_RULES,
      signed,
    );
    expect(open(earlier)['settlement-final']).toEqual(open(signed)['settlement-final']);
  });

  it('a progress report meets its month and opens the next; a recorded miss opens the next too', () => {
    const signed = foldDeadlines(
      [registered('2026-01-05T02:00:00Z'), at('2026-04-10T02:00:00Z', 'ContractSigned', { endDate: '2026-12-31' })],
      DEFAULT_DEADLINE_RULES,
    );
    const reported = foldDeadlines([at('2026-05-20T02:00:00Z', 'ProgressReported', { period: '2026-05' })], DEFAULT_DEADLINE_RULES, signed);
    expect(open(reported)['progress-report']!.id).toBe('progress-report@2026-06');
    const missed = foldDeadlines(
      [at('2026-06-25T02:00:00Z', 'DeadlineMissed', { deadlineId: 'progress-report@2026-06' })],
      DEFAULT_DEADLINE_RULES,
      reported,
    );
    expect(open(missed)['progress-report']).toMatchObject({ id: 'progress-report@2026-07', dueAt: '2026-07-24T16:59:59.999Z' });
    // Completion ends the monthly reports.
    const completed = foldDeadlines([at('2026-07-01T02:00:00Z', 'DeAnCompleted')], DEFAULT_DEADLINE_RULES, missed);
    expect(open(completed)['progress-report']).toBeUndefined();
  });

  it('a stop, withdrawal, rejection or settlement drops every deadline', () => {
    for (const end of ['DeAnStopped', 'DeAnWithdrawn', 'DeAnRejected', 'DeAnSettled']) {
      const state = foldDeadlines(
        [
          registered('2026-01-05T02:00:00Z'),
          at('2026-04-10T02:00:00Z', 'ContractSigned', { endDate: '2026-10-31' }),
          at('2026-05-01T02:00:00Z', end),
        ],
        DEFAULT_DEADLINE_RULES,
      );
      expect(state.open).toEqual([]);
      expect(state.ended).toBe(true);
    }
  });

  it('imported history: a deadline already past when it was recorded is not live and has no reminders', () => {
    const imported = '2026-11-01T00:00:00Z';
    const state = foldDeadlines(
      [registered('2016-01-05T02:00:00Z', imported), at('2016-03-01T02:00:00Z', 'CouncilAssigned', {}, imported)],
      DEFAULT_DEADLINE_RULES,
    );
    expect(state.open).toEqual([expect.objectContaining({ kind: 'appraisal', live: false, reminders: [] })]);
  });

  it('a policy in seconds (DEADLINE_POLICY_FILE): due 5 s after the council, reminded 2 s before', () => {
    const rules: DeadlineRules = {
      policy: withDeadlineOverrides(DEADLINE_POLICY, { appraisal: { due: 'PT5S', remindBefore: ['PT2S'] } }),
      calendar: workingCalendar(),
    };
    const state = foldDeadlines([registered('2026-03-01T02:00:00Z'), at('2026-03-02T02:00:00.000Z', 'CouncilAssigned')], rules);
    expect(state.open).toEqual([
      expect.objectContaining({ dueAt: '2026-03-02T02:00:05.000Z', reminders: [{ before: 'PT2S', at: '2026-03-02T02:00:03.000Z' }] }),
    ]);
  });
});

describe('deciding a missed deadline', () => {
  const rules = DEFAULT_DEADLINE_RULES;
  const state = foldDeadlines([registered('2026-03-01T02:00:00Z'), at('2026-03-02T02:00:00Z', 'CouncilAssigned')], rules);
  const id = state.open[0]!.id;

  it('records it once it is due and still open', () => {
    expect(decideDeadlineMissed(state, id, new Date('2026-03-23T17:00:00Z'))).toEqual({
      outcome: 'recorded',
      events: [
        { type: 'DeadlineMissed', data: { deadlineId: id, kind: 'appraisal', dueAt: state.open[0]!.dueAt, legalBasis: 'mặc định chính sách' } },
      ],
    });
  });

  it('not before it is due, not when closed, not for history nobody could have been reminded of', () => {
    expect(decideDeadlineMissed(state, id, new Date('2026-03-03T00:00:00Z')).outcome).toBe('not-due');
    expect(decideDeadlineMissed(state, 'appraisal@99', new Date('2027-01-01T00:00:00Z')).outcome).toBe('not-open');
    const imported = foldDeadlines(
      [registered('2016-01-05T02:00:00Z', '2026-11-01T00:00:00Z'), at('2016-03-01T02:00:00Z', 'CouncilAssigned', {}, '2026-11-01T00:00:00Z')],
      rules,
    );
    expect(decideDeadlineMissed(imported, imported.open[0]!.id, new Date('2026-11-02T00:00:00Z')).outcome).toBe('not-live');
  });
});

describe('deadline policy overrides and durations', () => {
  it.each([
    [[], /JSON object/],
    [{ appraisl: {} }, /unknown kind "appraisl"/],
    [{ appraisal: { due: 'five seconds' } }, /appraisal\.due must be an ISO 8601 duration/],
    [{ appraisal: { remindBefore: 'PT2S' } }, /appraisal\.remindBefore must be a list/],
    [{ appraisal: { legalBasis: 'x' } }, /not overridable/],
  ])('rejects %j', (override, message) => {
    expect(() => withDeadlineOverrides(DEADLINE_POLICY, override)).toThrow(message);
  });

  it('accepts a due rule object and keeps the other fields of the kind', () => {
    const policy = withDeadlineOverrides(DEADLINE_POLICY, { revision: { due: { kind: 'working-days', days: 5 } } });
    expect(policy.versions[0]!.value.revision).toMatchObject({
      due: { kind: 'working-days', days: 5 },
      closedBy: ['DeAnRevised'],
      remindBefore: ['P3D'],
    });
  });

  it('shifts instants by calendar months and exact times', () => {
    expect(shiftInstant('2026-01-31T00:00:00.000Z', 'P1M')).toBe('2026-02-28T00:00:00.000Z');
    expect(shiftInstant('2026-03-01T00:00:00.000Z', 'P1DT12H30M5S')).toBe('2026-03-02T12:30:05.000Z');
    expect(shiftInstant('2026-03-31T16:59:59.999Z', 'P30D', -1)).toBe('2026-03-01T16:59:59.999Z');
    expect(() => shiftInstant('2026-03-01T00:00:00.000Z', 'P')).toThrow(/not an ISO 8601 duration/);
  });
});
