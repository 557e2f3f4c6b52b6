/**
 * The annual plan (kế hoạch khuyến công) per year × funding source × agency: an allocation, targets,
 * and the support committed to approved đề án. Its invariant — committed ≤ allocation — is what keeps
 * concurrent approvals from overspending (each commitment is appended with the plan's expected version).
 * Unspent money may carry over (NĐ 45/2012 Art. 14.4): a settlement releases the unspent difference.
 */
import { FundingSource } from '../de-an/commands';
import type { PeriodPlanHeader } from './period-plan';
import { Level, LEVEL_LABELS, requireLevelOn } from '../rules/levels';
import { requireIndicators } from '../rules/indicators';
import { mapToScheme, requireProvinceOn, schemeOn } from '../rules/provinces';
import { IsoDate, vietnamDay } from '../shared/dates';
import { IllegalTransitionError, InvalidCommandError, RuleViolationError } from '../shared/errors';
import { requireInteger, requirePositiveDong, requireText } from '../shared/guards';
import { assertNever, Command, Decider, Event, ResultLine } from '../shared/messages';
import { Dong, formatTrieu, requireDong } from '../shared/money';

export interface PlanHeader {
  readonly planId: string;
  readonly year: number;
  readonly fundingSource: FundingSource;
  readonly level: Level;
  /** Province code for KCĐP plans and province-run KCQG plans; absent for the Cục's national plan. */
  readonly province?: string;
  readonly targets: readonly ResultLine[];
  /** The day the plan was made: which province map its code belongs to (plans created before it was recorded: by year). */
  readonly createdOn?: IsoDate;
  /** The period plan (period-plan.ts) this annual plan sits in. */
  readonly periodPlanId?: string;
}

export type CreatePlan = Command<
  'CreatePlan',
  Omit<PlanHeader, 'periodPlanId'> & {
    readonly allocation: Dong;
    /** The period plan it sits in, as read by the caller: an annual plan is one of its years, of its province. */
    readonly periodPlan?: Pick<PeriodPlanHeader, 'periodPlanId' | 'fromYear' | 'toYear' | 'province'>;
  }
>;
export type CommitSupport = Command<
  'CommitSupport',
  {
    readonly deAnId: string;
    readonly amount: Dong;
    /** The đề án's source, plan year and province: a plan only funds đề án of its own kind. */
    readonly deAn?: { readonly fundingSource: FundingSource; readonly level: Level; readonly planYear: number; readonly province: string };
  }
>;
export type ChangeCommitment = Command<'ChangeCommitment', { readonly deAnId: string; readonly amount: Dong }>;
export type ReleaseCommitment = Command<'ReleaseCommitment', { readonly deAnId: string; readonly reason: string }>;
export type RecordPlanSettlement = Command<'RecordPlanSettlement', { readonly deAnId: string; readonly settledSupport: Dong }>;
export type AdjustAllocation = Command<'AdjustAllocation', { readonly allocation: Dong; readonly decisionNo: string }>;
export type ClosePlan = Command<'ClosePlan', { readonly reason: string }>;
/** NĐ 45/2012 Điều 14.4: unspent money of this plan goes to the next year's plan of the same kind, by a decision. */
export type CarryOverAllocation = Command<'CarryOverAllocation', { readonly toPlanId: string; readonly amount: Dong; readonly decisionNo: string }>;
/** The next year's plan takes what was carried over (decided with the carry-over, in the same append). */
export type ReceiveCarryOver = Command<
  'ReceiveCarryOver',
  {
    readonly fromPlanId: string;
    readonly amount: Dong;
    readonly decisionNo: string;
    /** The plan it comes from: the same source, level and province, the year before. */
    readonly from: Pick<PlanHeader, 'year' | 'fundingSource' | 'level' | 'province'>;
  }
>;

export type PlanCommand =
  | CreatePlan
  | CommitSupport
  | ChangeCommitment
  | ReleaseCommitment
  | RecordPlanSettlement
  | AdjustAllocation
  | ClosePlan
  | CarryOverAllocation
  | ReceiveCarryOver;

export type PlanEvent =
  | Event<'PlanCreated', PlanHeader & { readonly allocation: Dong }>
  | Event<'SupportCommitted', { readonly deAnId: string; readonly amount: Dong }>
  | Event<'CommitmentChanged', { readonly deAnId: string; readonly from: Dong; readonly to: Dong }>
  | Event<'CommitmentReleased', { readonly deAnId: string; readonly amount: Dong; readonly reason: string }>
  | Event<'PlanSettlementRecorded', { readonly deAnId: string; readonly committed: Dong; readonly settledSupport: Dong }>
  | Event<'AllocationAdjusted', { readonly from: Dong; readonly to: Dong; readonly decisionNo: string }>
  | Event<'PlanClosed', { readonly reason: string }>
  | Event<'AllocationCarriedOut', { readonly toPlanId: string; readonly amount: Dong; readonly decisionNo: string }>
  | Event<'AllocationCarriedIn', { readonly fromPlanId: string; readonly amount: Dong; readonly decisionNo: string }>;

/** Every plan event type, once (a new event that is not listed fails to compile). */
const PLAN_EVENT_TYPES: { readonly [T in PlanEvent['type']]: true } = {
  PlanCreated: true,
  SupportCommitted: true,
  CommitmentChanged: true,
  CommitmentReleased: true,
  PlanSettlementRecorded: true,
  AllocationAdjusted: true,
  PlanClosed: true,
  AllocationCarriedOut: true,
  AllocationCarriedIn: true,
};
export const isPlanEventType = (type: string): type is PlanEvent['type'] => Object.hasOwn(PLAN_EVENT_TYPES, type);

export interface PlanBook {
  readonly header: PlanHeader;
  readonly allocation: Dong;
  /** Open commitments per đề án (approved, not yet settled or released). */
  readonly commitments: Readonly<Record<string, Dong>>;
  readonly committed: Dong;
  readonly settled: Dong;
  readonly settledDeAn: readonly string[];
}

export type PlanState =
  { readonly status: 'Initial' } | { readonly status: 'Open'; readonly book: PlanBook } | { readonly status: 'Closed'; readonly book: PlanBook };

export const PLAN_STREAM_PREFIX = 'plan-';
export const planStreamId = (planId: string): string => `${PLAN_STREAM_PREFIX}${planId}`;

/** Money the plan can still commit: allocation − open commitments − settled. */
export const remaining = (book: PlanBook): Dong => book.allocation - book.committed - book.settled;

const BUDGET_RULE = { id: 'plan-allocation', basis: 'NĐ 45/2012/NĐ-CP Điều 14; TT 28/2018/TT-BTC' };
const CARRY_OVER = { id: 'carry-over-next-year', basis: 'NĐ 45/2012/NĐ-CP Điều 14.4' };

function requireRoom(book: PlanBook, extra: Dong): void {
  if (extra > remaining(book)) {
    throw new RuleViolationError(
      BUDGET_RULE.id,
      BUDGET_RULE.basis,
      `Kế hoạch ${book.header.planId} không đủ kinh phí: còn ${formatTrieu(remaining(book))} triệu đồng, cần ${formatTrieu(extra)} triệu đồng`,
      { remaining: remaining(book), requested: extra, allocation: book.allocation },
    );
  }
}

/**
 * Whether a đề án's province is the plan's. A plan made under the 34-province map (from 1/7/2025)
 * funds the đề án of every province merged into its unit, whichever code they were registered under
 * (NQ 202/2025/QH15); a plan of the 63-province map, only its own province's.
 */
function sameProvince(deAnProvince: string, header: PlanHeader): boolean {
  const scheme = header.createdOn ? schemeOn(header.createdOn) : header.year >= 2026 ? '2025' : '2004';
  if (scheme === '2004') return deAnProvince === header.province;
  const unit = mapToScheme(header.province!, '2025');
  return unit !== undefined && mapToScheme(deAnProvince, '2025') === unit;
}

function openBook(state: PlanState, command: string): PlanBook {
  if (state.status !== 'Open') throw new IllegalTransitionError(command, state.status);
  return state.book;
}

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan': {
      if (state.status !== 'Initial') throw new IllegalTransitionError(command.type, state.status);
      const { planId, year, fundingSource, level, province, targets, allocation, periodPlan } = command.data;
      requireText(planId, 'planId', 100);
      requireInteger(year, 'year', 2000, 2100);
      if (periodPlan && (year < periodPlan.fromYear || year > periodPlan.toYear || province !== periodPlan.province)) {
        throw new RuleViolationError(
          'plan-in-period',
          'NĐ 45/2012/NĐ-CP Điều 14 (kế hoạch hằng năm trong kế hoạch giai đoạn)',
          `Kế hoạch năm ${year}${province ? ` của tỉnh ${province}` : ''} không thuộc kế hoạch giai đoạn ${periodPlan.fromYear} - ${periodPlan.toYear} của tỉnh ${periodPlan.province}`,
          { year, fromYear: periodPlan.fromYear, toYear: periodPlan.toYear },
        );
      }
      if (fundingSource !== 'KCQG' && fundingSource !== 'KCDP') throw new InvalidCommandError('fundingSource', 'phải là KCQG hoặc KCDP');
      if (fundingSource === 'KCDP' && !province) throw new InvalidCommandError('province', 'kế hoạch KCĐP phải có tỉnh');
      if (province !== undefined) requireProvinceOn(province, vietnamDay(command.metadata.now));
      requireLevelOn(level, vietnamDay(command.metadata.now));
      requireIndicators(targets ?? [], 'targets', vietnamDay(command.metadata.now));
      requireDong(allocation, 'allocation');
      return [
        {
          type: 'PlanCreated',
          data: {
            planId,
            year,
            fundingSource,
            level,
            targets: targets ?? [],
            allocation,
            ...(province ? { province } : {}),
            createdOn: vietnamDay(command.metadata.now),
            ...(periodPlan ? { periodPlanId: periodPlan.periodPlanId } : {}),
          },
        },
      ];
    }
    case 'CommitSupport': {
      const book = openBook(state, command.type);
      const { deAnId } = command.data;
      const amount = requirePositiveDong(command.data.amount, 'amount');
      if (book.commitments[deAnId] !== undefined || book.settledDeAn.includes(deAnId)) {
        throw new InvalidCommandError('deAnId', 'đề án đã có cam kết trong kế hoạch');
      }
      const { deAn } = command.data;
      const { header } = book;
      if (
        deAn &&
        (deAn.fundingSource !== header.fundingSource ||
          deAn.level !== header.level ||
          deAn.planYear !== header.year ||
          (header.province !== undefined && !sameProvince(deAn.province, header)))
      ) {
        throw new RuleViolationError(
          'plan-match',
          BUDGET_RULE.basis,
          `Đề án (${deAn.fundingSource} ${LEVEL_LABELS[deAn.level].toLowerCase()} ${deAn.planYear}, tỉnh ${deAn.province}) không thuộc kế hoạch ${header.planId} (${header.fundingSource} ${LEVEL_LABELS[header.level].toLowerCase()} ${header.year}${header.province ? `, tỉnh ${header.province}` : ''})`,
          { planId: header.planId },
        );
      }
      requireRoom(book, amount);
      return [{ type: 'SupportCommitted', data: { deAnId, amount } }];
    }
    case 'ChangeCommitment': {
      const book = openBook(state, command.type);
      const { deAnId } = command.data;
      const to = requirePositiveDong(command.data.amount, 'amount');
      const from = book.commitments[deAnId];
      if (from === undefined) throw new InvalidCommandError('deAnId', 'đề án không có cam kết trong kế hoạch');
      if (to > from) requireRoom(book, to - from);
      return to === from ? [] : [{ type: 'CommitmentChanged', data: { deAnId, from, to } }];
    }
    case 'ReleaseCommitment': {
      const book = openBook(state, command.type);
      const { deAnId, reason } = command.data;
      const amount = book.commitments[deAnId];
      if (amount === undefined) return []; // nothing committed (withdrawn before approval): nothing to release
      return [{ type: 'CommitmentReleased', data: { deAnId, amount, reason: requireText(reason, 'reason') } }];
    }
    case 'RecordPlanSettlement': {
      // A settlement may land after the plan is closed: the books must still show it.
      if (state.status === 'Initial') throw new IllegalTransitionError(command.type, state.status);
      const { deAnId } = command.data;
      const settledSupport = requireDong(command.data.settledSupport, 'settledSupport');
      const committed = state.book.commitments[deAnId];
      if (committed === undefined) throw new InvalidCommandError('deAnId', 'đề án không có cam kết trong kế hoạch');
      if (settledSupport > committed) {
        throw new RuleViolationError('settled-within-committed', BUDGET_RULE.basis, 'Kinh phí quyết toán vượt kinh phí đã cam kết', {
          settledSupport,
          committed,
        });
      }
      return [{ type: 'PlanSettlementRecorded', data: { deAnId, committed, settledSupport } }];
    }
    case 'AdjustAllocation': {
      const book = openBook(state, command.type);
      const to = requireDong(command.data.allocation, 'allocation');
      const decisionNo = requireText(command.data.decisionNo, 'decisionNo', 100);
      if (to < book.committed + book.settled) {
        throw new RuleViolationError(BUDGET_RULE.id, BUDGET_RULE.basis, 'Dự toán mới thấp hơn số đã cam kết và quyết toán', {
          allocation: to,
          committed: book.committed,
          settled: book.settled,
        });
      }
      return [{ type: 'AllocationAdjusted', data: { from: book.allocation, to, decisionNo } }];
    }
    case 'ClosePlan':
      openBook(state, command.type);
      return [{ type: 'PlanClosed', data: { reason: requireText(command.data.reason, 'reason') } }];
    case 'CarryOverAllocation': {
      // a closed year still carries its unspent money over
      if (state.status === 'Initial') throw new IllegalTransitionError(command.type, state.status, 'kế hoạch');
      const { book } = state;
      const toPlanId = requireText(command.data.toPlanId, 'toPlanId', 100);
      const amount = requirePositiveDong(command.data.amount, 'amount');
      const decisionNo = requireText(command.data.decisionNo, 'decisionNo', 100);
      if (toPlanId === book.header.planId) throw new InvalidCommandError('toPlanId', 'phải là kế hoạch năm sau, không phải chính kế hoạch này');
      if (amount > remaining(book)) {
        throw new RuleViolationError(
          CARRY_OVER.id,
          CARRY_OVER.basis,
          `Chỉ chuyển được kinh phí chưa sử dụng: còn ${formatTrieu(remaining(book))} triệu đồng`,
          {
            amount,
            remaining: remaining(book),
          },
        );
      }
      return [{ type: 'AllocationCarriedOut', data: { toPlanId, amount, decisionNo } }];
    }
    case 'ReceiveCarryOver': {
      const book = openBook(state, command.type);
      const { fromPlanId, amount, decisionNo, from } = command.data;
      const { header } = book;
      const same =
        from.fundingSource === header.fundingSource && from.level === header.level && (from.province ?? null) === (header.province ?? null);
      if (!same || header.year !== from.year + 1) {
        throw new RuleViolationError(
          CARRY_OVER.id,
          CARRY_OVER.basis,
          `Kinh phí năm ${from.year} chỉ chuyển sang kế hoạch năm ${from.year + 1} cùng nguồn, cấp và tỉnh (kế hoạch ${header.planId} là ${header.fundingSource} năm ${header.year})`,
          { fromYear: from.year, toYear: header.year },
        );
      }
      return [{ type: 'AllocationCarriedIn', data: { fromPlanId, amount, decisionNo } }];
    }
    default:
      return assertNever(command, 'plan command');
  }
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanCreated') {
    if (state.status !== 'Initial') return state;
    const { allocation, ...header } = event.data;
    return { status: 'Open', book: { header, allocation, commitments: {}, committed: 0, settled: 0, settledDeAn: [] } };
  }
  if (state.status === 'Initial') return state;
  const { book } = state;
  const withCommitments = (commitments: Record<string, Dong>, extra: Partial<PlanBook> = {}): PlanState => ({
    ...state,
    book: { ...book, ...extra, commitments, committed: Object.values(commitments).reduce((a, b) => a + b, 0) },
  });
  switch (event.type) {
    case 'SupportCommitted':
      return withCommitments({ ...book.commitments, [event.data.deAnId]: event.data.amount });
    case 'CommitmentChanged':
      return withCommitments({ ...book.commitments, [event.data.deAnId]: event.data.to });
    case 'CommitmentReleased':
    case 'PlanSettlementRecorded': {
      const { [event.data.deAnId]: _closed, ...open } = book.commitments;
      return event.type === 'CommitmentReleased'
        ? withCommitments(open)
        : withCommitments(open, { settled: book.settled + event.data.settledSupport, settledDeAn: [...book.settledDeAn, event.data.deAnId] });
    }
    case 'AllocationAdjusted':
      return { ...state, book: { ...book, allocation: event.data.to } };
    case 'PlanClosed':
      return { status: 'Closed', book };
    case 'AllocationCarriedOut':
      return { ...state, book: { ...book, allocation: book.allocation - event.data.amount } };
    case 'AllocationCarriedIn':
      return { ...state, book: { ...book, allocation: book.allocation + event.data.amount } };
    default:
      return assertNever(event, 'plan event');
  }
}

export type PlanDecider = Decider<PlanCommand, PlanEvent, PlanState>;

export const planDecider: PlanDecider & {
  planEffects(state: PlanState, events: readonly PlanEvent[]): { planId: string; command: Omit<PlanCommand, 'metadata'> }[];
} = {
  decide: decidePlan,
  evolve: evolvePlan,
  initialState: () => ({ status: 'Initial' }),
  // a carry-over is received by the next year's plan in the same atomic append
  planEffects: (state, events) =>
    state.status === 'Initial'
      ? []
      : events.flatMap((event) =>
          event.type === 'AllocationCarriedOut'
            ? [
                {
                  planId: event.data.toPlanId,
                  command: {
                    type: 'ReceiveCarryOver' as const,
                    data: {
                      fromPlanId: state.book.header.planId,
                      amount: event.data.amount,
                      decisionNo: event.data.decisionNo,
                      from: {
                        year: state.book.header.year,
                        fundingSource: state.book.header.fundingSource,
                        level: state.book.header.level,
                        ...(state.book.header.province ? { province: state.book.header.province } : {}),
                      },
                    },
                  },
                },
              ]
            : [],
        ),
  // A closed plan still records late settlements, so it is not terminal for that one command.
  isTerminal: () => false,
};
