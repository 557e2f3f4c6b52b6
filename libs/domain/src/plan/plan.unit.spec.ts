/**
 * The annual plan (kế hoạch khuyến công): an allocation and the support committed to approved
 * đề án. Approved support never exceeds the allocation ('plan-allocation').
 */
import {
  decidePlan,
  evolvePlan,
  IllegalTransitionError,
  InvalidCommandError,
  PlanCommand,
  PlanEvent,
  planDecider,
  PlanState,
  remaining,
  RuleViolationError,
  trieu,
} from '..';
import { actors } from '../testing/fixtures';

type PlanCommandOf<T extends PlanCommand['type']> = Extract<PlanCommand, { type: T }>;
const planCommand = <T extends PlanCommand['type']>(type: T, data: PlanCommandOf<T>['data']): PlanCommandOf<T> =>
  ({ type, data, metadata: { now: new Date('2026-01-15T03:00:00Z'), actor: actors.officer, commandId: `plan-${type}` } }) as PlanCommandOf<T>;

const created: PlanEvent = {
  type: 'PlanCreated',
  data: { planId: 'KH-KCQG-2026', year: 2026, fundingSource: 'KCQG', level: 'central', targets: [], allocation: trieu(1_000) },
};
const committed = (deAnId: string, amount: number): PlanEvent => ({ type: 'SupportCommitted', data: { deAnId, amount } });

const givenPlan = (events: readonly PlanEvent[]) => {
  const state = events.reduce<PlanState>(evolvePlan, planDecider.initialState());
  return {
    state,
    when: (command: PlanCommand) => ({
      then: (expected: readonly PlanEvent[]): PlanState => {
        const produced = decidePlan(command, state);
        expect(produced).toEqual(expected);
        return produced.reduce<PlanState>(evolvePlan, state);
      },
      thenThrows: <E extends Error>(errorClass: new (...args: never[]) => E, partial: Record<string, unknown> = {}): void => {
        let caught: unknown;
        try {
          decidePlan(command, state);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(errorClass);
        expect(caught).toMatchObject(partial);
      },
    }),
  };
};

const book = (state: PlanState) => {
  if (state.status === 'Initial') throw new Error('plan not created');
  return state.book;
};

describe('plan decider (kế hoạch khuyến công)', () => {
  it('creates a plan with its allocation', () => {
    const state = givenPlan([])
      .when(
        planCommand('CreatePlan', {
          planId: 'KH-KCQG-2026',
          year: 2026,
          fundingSource: 'KCQG',
          level: 'central',
          targets: [],
          allocation: trieu(1_000),
        }),
      )
      .then([{ ...created, data: { ...created.data, createdOn: '2026-01-15' } } as PlanEvent]);
    expect(state.status).toBe('Open');
    expect(remaining(book(state))).toBe(trieu(1_000));
  });

  it('a KCĐP plan needs its province', () => {
    givenPlan([])
      .when(
        planCommand('CreatePlan', {
          planId: 'KH-KCDP-2026',
          year: 2026,
          fundingSource: 'KCDP',
          level: 'province',
          targets: [],
          allocation: trieu(500),
        }),
      )
      .thenThrows(InvalidCommandError, { field: 'province' });
  });

  it('names a province of the map in force on the day it is created', () => {
    const kcdp = (province: string) =>
      planCommand('CreatePlan', {
        planId: 'KH-KCDP-2026',
        year: 2026,
        fundingSource: 'KCDP',
        level: 'province',
        province,
        targets: [],
        allocation: trieu(500),
      });
    for (const code of ['99', 'XX', '\uff15\uff12', '54']) givenPlan([]).when(kcdp(code)).thenThrows(InvalidCommandError, { field: 'province' });
    expect(decidePlan(kcdp('66'), planDecider.initialState())).toHaveLength(1);
  });

  it('cannot be created twice', () => {
    givenPlan([created])
      .when(planCommand('CreatePlan', created.data as PlanCommandOf<'CreatePlan'>['data']))
      .thenThrows(IllegalTransitionError);
  });

  it('commits the approved support of a đề án', () => {
    const state = givenPlan([created])
      .when(planCommand('CommitSupport', { deAnId: 'DA-1', amount: trieu(250) }))
      .then([committed('DA-1', trieu(250))]);
    expect(book(state)).toMatchObject({ committed: trieu(250), commitments: { 'DA-1': trieu(250) } });
    expect(remaining(book(state))).toBe(trieu(750));
  });

  it('commits up to the whole allocation, and refuses 1 đồng more (plan-allocation)', () => {
    givenPlan([created, committed('DA-1', trieu(600))])
      .when(planCommand('CommitSupport', { deAnId: 'DA-2', amount: trieu(400) }))
      .then([committed('DA-2', trieu(400))]);
    let caught: unknown;
    try {
      decidePlan(planCommand('CommitSupport', { deAnId: 'DA-2', amount: trieu(400) + 1 }), givenPlan([created, committed('DA-1', trieu(600))]).state);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleViolationError);
    expect(caught).toMatchObject({ ruleId: 'plan-allocation', details: { remaining: trieu(400), requested: trieu(400) + 1 } });
    expect((caught as RuleViolationError).legalBasis).toContain('NĐ 45/2012');
  });

  it('a đề án is committed once', () => {
    givenPlan([created, committed('DA-1', trieu(100))])
      .when(planCommand('CommitSupport', { deAnId: 'DA-1', amount: trieu(100) }))
      .thenThrows(InvalidCommandError, { field: 'deAnId' });
  });

  it('changes a commitment (support adjusted), within what remains', () => {
    const state = givenPlan([created, committed('DA-1', trieu(250))])
      .when(planCommand('ChangeCommitment', { deAnId: 'DA-1', amount: trieu(280) }))
      .then([{ type: 'CommitmentChanged', data: { deAnId: 'DA-1', from: trieu(250), to: trieu(280) } }]);
    expect(book(state).committed).toBe(trieu(280));
    givenPlan([created, committed('DA-1', trieu(250)), committed('DA-2', trieu(700))])
      .when(planCommand('ChangeCommitment', { deAnId: 'DA-1', amount: trieu(300) + 1 }))
      .thenThrows(RuleViolationError, { ruleId: 'plan-allocation' });
    givenPlan([created, committed('DA-1', trieu(250)), committed('DA-2', trieu(750))])
      .when(planCommand('ChangeCommitment', { deAnId: 'DA-1', amount: trieu(200) }))
      .then([{ type: 'CommitmentChanged', data: { deAnId: 'DA-1', from: trieu(250), to: trieu(200) } }]);
  });

  it('an unchanged commitment records nothing', () => {
    givenPlan([created, committed('DA-1', trieu(250))])
      .when(planCommand('ChangeCommitment', { deAnId: 'DA-1', amount: trieu(250) }))
      .then([]);
  });

  it('releases a commitment (stop or withdrawal)', () => {
    const state = givenPlan([created, committed('DA-1', trieu(250))])
      .when(planCommand('ReleaseCommitment', { deAnId: 'DA-1', reason: 'Dừng thực hiện' }))
      .then([{ type: 'CommitmentReleased', data: { deAnId: 'DA-1', amount: trieu(250), reason: 'Dừng thực hiện' } }]);
    expect(book(state)).toMatchObject({ committed: 0, commitments: {} });
    expect(remaining(book(state))).toBe(trieu(1_000));
  });

  it('releasing a đề án that was never committed records nothing', () => {
    givenPlan([created])
      .when(planCommand('ReleaseCommitment', { deAnId: 'DA-9', reason: 'Rút trước phê duyệt' }))
      .then([]);
  });

  it('records a settlement: the unspent difference returns to the plan', () => {
    const state = givenPlan([created, committed('DA-1', trieu(250))])
      .when(planCommand('RecordPlanSettlement', { deAnId: 'DA-1', settledSupport: trieu(240) }))
      .then([{ type: 'PlanSettlementRecorded', data: { deAnId: 'DA-1', committed: trieu(250), settledSupport: trieu(240) } }]);
    expect(book(state)).toMatchObject({ committed: 0, settled: trieu(240), settledDeAn: ['DA-1'] });
    expect(remaining(book(state))).toBe(trieu(760));
  });

  it('a settlement may not exceed the commitment', () => {
    givenPlan([created, committed('DA-1', trieu(250))])
      .when(planCommand('RecordPlanSettlement', { deAnId: 'DA-1', settledSupport: trieu(250) + 1 }))
      .thenThrows(RuleViolationError, { ruleId: 'settled-within-committed' });
  });

  it('a settled đề án cannot be committed again', () => {
    givenPlan([
      created,
      committed('DA-1', trieu(250)),
      { type: 'PlanSettlementRecorded', data: { deAnId: 'DA-1', committed: trieu(250), settledSupport: trieu(240) } },
    ])
      .when(planCommand('CommitSupport', { deAnId: 'DA-1', amount: trieu(10) }))
      .thenThrows(InvalidCommandError, { field: 'deAnId' });
  });

  it('adjusts the allocation, never below what is committed and settled', () => {
    const history: PlanEvent[] = [
      created,
      committed('DA-1', trieu(300)),
      committed('DA-2', trieu(200)),
      { type: 'PlanSettlementRecorded', data: { deAnId: 'DA-2', committed: trieu(200), settledSupport: trieu(150) } },
    ];
    const state = givenPlan(history)
      .when(planCommand('AdjustAllocation', { allocation: trieu(450), decisionNo: '12/QĐ-UBND' }))
      .then([{ type: 'AllocationAdjusted', data: { from: trieu(1_000), to: trieu(450), decisionNo: '12/QĐ-UBND' } }]);
    expect(remaining(book(state))).toBe(0);
    givenPlan(history)
      .when(planCommand('AdjustAllocation', { allocation: trieu(450) - 1, decisionNo: '12/QĐ-UBND' }))
      .thenThrows(RuleViolationError, { ruleId: 'plan-allocation' });
  });

  describe('a closed plan', () => {
    const closed: PlanEvent[] = [created, committed('DA-1', trieu(250)), { type: 'PlanClosed', data: { reason: 'Hết năm kế hoạch' } }];

    it('is closed by ClosePlan', () => {
      expect(
        givenPlan([created])
          .when(planCommand('ClosePlan', { reason: 'Hết năm kế hoạch' }))
          .then([{ type: 'PlanClosed', data: { reason: 'Hết năm kế hoạch' } }]).status,
      ).toBe('Closed');
    });

    it('refuses new commitments', () => {
      givenPlan(closed)
        .when(planCommand('CommitSupport', { deAnId: 'DA-2', amount: trieu(10) }))
        .thenThrows(IllegalTransitionError, { status: 'Closed' });
    });

    it('refuses changes, releases and allocation adjustments', () => {
      givenPlan(closed)
        .when(planCommand('ChangeCommitment', { deAnId: 'DA-1', amount: trieu(10) }))
        .thenThrows(IllegalTransitionError);
      givenPlan(closed)
        .when(planCommand('ReleaseCommitment', { deAnId: 'DA-1', reason: 'x' }))
        .thenThrows(IllegalTransitionError);
      givenPlan(closed)
        .when(planCommand('AdjustAllocation', { allocation: trieu(2_000), decisionNo: 'x' }))
        .thenThrows(IllegalTransitionError);
    });

    it('still records a late settlement', () => {
      givenPlan(closed)
        .when(planCommand('RecordPlanSettlement', { deAnId: 'DA-1', settledSupport: trieu(200) }))
        .then([{ type: 'PlanSettlementRecorded', data: { deAnId: 'DA-1', committed: trieu(250), settledSupport: trieu(200) } }]);
    });
  });

  it('nothing happens to a plan that does not exist', () => {
    givenPlan([])
      .when(planCommand('CommitSupport', { deAnId: 'DA-1', amount: 1 }))
      .thenThrows(IllegalTransitionError, { status: 'Initial' });
    givenPlan([])
      .when(planCommand('RecordPlanSettlement', { deAnId: 'DA-1', settledSupport: 1 }))
      .thenThrows(IllegalTransitionError);
  });
});
