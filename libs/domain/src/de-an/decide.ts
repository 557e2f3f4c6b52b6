/**
 * decide(command, state) → events for the đề án. Pure: the day of an act comes from the command
 * (its business date, or `metadata.now` in Asia/Ho_Chi_Minh), and the rules in force on that day
 * come from the rule book.
 */
import {
  ADJUSTMENT_KINDS,
  AdjustmentKind,
  MINISTER_LEVEL_ADJUSTMENTS,
  ApproveDeAn,
  AssignCouncil,
  CompleteDeAn,
  ConcludeAppraisal,
  DeAnCommand,
  ForwardToMinistry,
  DecideAdjustment,
  PayAdvance,
  Establishment,
  Proposal,
  REVISABLE_FIELDS,
  RecordAcceptance,
  RecordInspection,
  RegisterDeAn,
  ReportProgress,
  RequestAdjustment,
  RequestRevision,
  ReviseDeAn,
  SettleDeAn,
  SignContract,
  StopDeAn,
  SubmitReview,
} from './commands';
import { capFor, withoutPriority } from './caps';
import { requireActingLevel, twoLevel } from './two-level';
import { DeAnEvent } from './events';
import { DeAnState, DeAnStatus, Dossier, StateOf } from './state';
import {
  activityInForce,
  CapDecision,
  DEFAULT_RULES,
  quorumReached,
  requireLevelOn,
  requireIndicators,
  requireProvinceOn,
  RuleBook,
  settlementBalance,
  settlementCeiling,
  versionInForce,
} from '../rules';
import { isoDate, IsoDate, vietnamDay, yearOf } from '../shared/dates';
import { COMMAND_STATUSES } from './status';
import { IllegalTransitionError, InvalidCommandError, NotPermittedError, RuleViolationError } from '../shared/errors';
import { requireDate, requireInteger, requireOrganisationId, requirePositiveDong, requireResults, requireText } from '../shared/guards';
import { Actor, assertNever } from '../shared/messages';
import { Dong, formatTrieu, requireDong, shareOf } from '../shared/money';

export function decide(command: DeAnCommand, state: DeAnState, rules: RuleBook = DEFAULT_RULES): DeAnEvent[] {
  // the step is open in this status (409) before the actor's level is asked about (403)
  if (command.type !== 'RegisterDeAn') requireActingLevel(command.type, inStatus(state, command.type), command.metadata.actor, rules);
  switch (command.type) {
    case 'RegisterDeAn':
      return register(command, state, rules);
    case 'AssignCouncil':
      return assignCouncil(command);
    case 'SubmitReview':
      return submitReview(command, inStatus(state, command.type));
    case 'RequestRevision':
      return requestRevision(command, inStatus(state, command.type));
    case 'ReviseDeAn':
      return revise(command, inStatus(state, command.type), rules);
    case 'ConcludeAppraisal':
      return concludeAppraisal(command, inStatus(state, command.type), rules);
    case 'ForwardToMinistry':
      return forward(command, inStatus(state, command.type), rules);
    case 'ApproveDeAn':
      return approve(command, inStatus(state, command.type), rules);
    case 'RejectDeAn': {
      const current = inStatus(state, command.type);
      const reason = requireText(command.data.reason, 'reason');
      return [{ type: 'DeAnRejected', data: { reason, stage: current.status === 'Appraised' ? 'approval' : 'appraisal' } }];
    }
    case 'SignContract':
      return signContract(command, inStatus(state, command.type));
    case 'PayAdvance':
      return payAdvance(command, inStatus(state, command.type), rules);
    case 'ReportProgress':
      return reportProgress(command, inStatus(state, command.type));
    case 'ConfirmProgress': {
      // TT 36/2013/TT-BCT Điều 23.3.a: the officer confirms the latest report, as it was reported
      const { dossier } = inStatus(state, command.type);
      if (dossier.lastProgressPeriod === null || command.data.period !== dossier.lastProgressPeriod) {
        throw new InvalidCommandError(
          'period',
          dossier.lastProgressPeriod === null
            ? 'chưa có báo cáo tiến độ để xác nhận'
            : `chỉ xác nhận báo cáo tiến độ gần nhất (kỳ ${dossier.lastProgressPeriod})`,
        );
      }
      return [{ type: 'ProgressConfirmed', data: { period: command.data.period, percentComplete: dossier.lastProgressPercent ?? 0 } }];
    }
    case 'RequestAdjustment':
      return requestAdjustment(command, inStatus(state, command.type));
    case 'DecideAdjustment':
      return decideAdjustment(command, inStatus(state, command.type), rules);
    case 'RecordInspection':
      return recordInspection(command, inStatus(state, command.type));
    case 'SuspendDeAn': {
      inStatus(state, command.type);
      return [{ type: 'DeAnSuspended', data: decision(command.data) }];
    }
    case 'ResumeDeAn': {
      inStatus(state, command.type);
      return [{ type: 'DeAnResumed', data: decision(command.data) }];
    }
    case 'StopDeAn':
      return stop(command, inStatus(state, command.type));
    case 'WithdrawDeAn': {
      const current = inStatus(state, command.type);
      requireOwner(current.dossier, command.metadata.actor);
      const reason = requireText(command.data.reason, 'reason');
      return [{ type: 'DeAnWithdrawn', data: { reason, releasedSupport: current.dossier.approvedSupport } }];
    }
    case 'CompleteDeAn':
      return complete(command, inStatus(state, command.type));
    case 'RecordAcceptance':
      return recordAcceptance(command, inStatus(state, command.type), rules);
    case 'SettleDeAn':
      return settle(command, inStatus(state, command.type), rules);
    default:
      return assertNever(command, 'đề án command');
  }
}

/** The state, if the command may be sent in its status (COMMAND_STATUSES); IllegalTransitionError otherwise. */
function inStatus<T extends keyof typeof COMMAND_STATUSES>(state: DeAnState, command: T): StateOf<(typeof COMMAND_STATUSES)[T][number]> {
  if (!(COMMAND_STATUSES[command] as readonly DeAnStatus[]).includes(state.status)) throw new IllegalTransitionError(command, state.status);
  return state as StateOf<(typeof COMMAND_STATUSES)[T][number]>;
}

/** Applicants act only on their own organisation's đề án; staff roles are checked at the edge. */
function requireOwner(dossier: Dossier, actor: Actor): void {
  if (actor.role === 'applicant' && actor.org !== dossier.organisation) {
    throw new NotPermittedError('Chỉ đơn vị đăng ký đề án mới được thực hiện thao tác này');
  }
}

/** Acts of the council chair may also be done by an officer. */
function requireOfficerOrChair(dossier: Dossier & { council: { chair: string } }, actor: Actor): void {
  if (actor.role === 'council' && actor.sub !== dossier.council.chair) {
    throw new NotPermittedError('Chỉ chủ tịch hội đồng hoặc cán bộ khuyến công mới được thực hiện thao tác này');
  }
}

const decision = (data: { reason: string; decisionNo: string }) => ({
  reason: requireText(data.reason, 'reason'),
  decisionNo: requireText(data.decisionNo, 'decisionNo', 100),
});

function validateProposal(proposal: Proposal): void {
  requireText(proposal.title, 'title', 500);
  requireText(proposal.province, 'province', 20);
  requireText(proposal.implementingUnit, 'implementingUnit', 500);
  requireText(proposal.beneficiary?.name, 'beneficiary.name', 500);
  requireInteger(proposal.planYear, 'planYear', 2000, 2100);
  const { budget } = proposal;
  requireDong(budget?.totalCost, 'budget.totalCost');
  // 0: an activity the state does not fund (a staff member joining a Ministry delegation) is still recorded and reported
  requireDong(budget.requestedSupport, 'budget.requestedSupport');
  requireDong(budget.counterpartFunds, 'budget.counterpartFunds');
  requireDong(budget.machineryValue, 'budget.machineryValue');
  requireResults(proposal.expectedResults, 'expectedResults');
  // an empty list is no group (a form's untouched list): the beneficiary is the one establishment
  if (proposal.establishments?.length) requireEstablishments(proposal.establishments, budget.requestedSupport);
  const start = requireDate(proposal.schedule?.start, 'schedule.start');
  const end = requireDate(proposal.schedule.end, 'schedule.end');
  if (end < start) throw new InvalidCommandError('schedule.end', 'không được trước ngày bắt đầu');
  if (budget.requestedSupport + budget.counterpartFunds > budget.totalCost) {
    throw new RuleViolationError(
      'budget-consistency',
      'TT 36/2013/TT-BCT Điều 6 (dự toán đề án)',
      'Kinh phí đề nghị hỗ trợ cộng vốn đối ứng vượt tổng kinh phí đề án',
      {
        totalCost: budget.totalCost,
        requestedSupport: budget.requestedSupport,
        counterpartFunds: budget.counterpartFunds,
      },
    );
  }
}

/** The cap of the đề án on `day`; a group đề án's ceiling is per establishment, so it is theirs summed. */
/** A group đề án: two establishments or more, each named, distinct tax codes, supports adding up to the request. */
function requireEstablishments(establishments: readonly Establishment[], requestedSupport: Dong): void {
  if (!Array.isArray(establishments) || establishments.length < 2 || establishments.length > 1_000) {
    throw new InvalidCommandError('establishments', 'đề án nhóm gồm từ 2 đến 1.000 cơ sở (một cơ sở: dùng beneficiary)');
  }
  const taxCodes = new Set<string>();
  establishments.forEach((e, i) => {
    requireText(e?.name, `establishments[${i}].name`, 500);
    requirePositiveDong(e.support, `establishments[${i}].support`);
    if (e.taxCode !== undefined) {
      if (taxCodes.has(e.taxCode)) throw new InvalidCommandError(`establishments[${i}].taxCode`, 'trùng mã số thuế của cơ sở khác trong đề án');
      taxCodes.add(e.taxCode);
    }
  });
  const sum = establishments.reduce((a, e) => a + e.support, 0);
  if (sum !== requestedSupport) {
    throw new InvalidCommandError(
      'establishments',
      `tổng kinh phí hỗ trợ các cơ sở (${formatTrieu(sum)} triệu đồng) phải bằng kinh phí đề nghị hỗ trợ (${formatTrieu(requestedSupport)} triệu đồng)`,
    );
  }
}

function requireWithinCap(amount: Dong, cap: CapDecision, what: string): void {
  if (cap.limit !== null && amount > cap.limit) {
    throw new RuleViolationError(
      cap.ruleId,
      cap.legalBasis,
      `${what} ${formatTrieu(amount)} triệu đồng vượt mức hỗ trợ tối đa ${formatTrieu(cap.limit)} triệu đồng`,
      { amount, limit: cap.limit },
    );
  }
}

/** The requested support within the cap, and each establishment of a group đề án within one establishment's ceiling. */
function requireWithinCaps(proposal: Proposal, day: IsoDate, rules: RuleBook): void {
  requireWithinCap(proposal.budget.requestedSupport, capFor(proposal, day, rules), 'Kinh phí đề nghị hỗ trợ');
  const one = capFor(proposal, day, rules, proposal.budget.totalCost, 1).maxAmount;
  proposal.establishments?.forEach((e, i) => {
    if (one !== null && e.support > one) {
      const cap = capFor(proposal, day, rules);
      throw new RuleViolationError(
        cap.ruleId,
        `${cap.legalBasis}; TT 36/2013/TT-BCT Điều 10–11 (mức hỗ trợ tính cho từng cơ sở)`,
        `Kinh phí hỗ trợ cơ sở "${e.name}" ${formatTrieu(e.support)} triệu đồng vượt mức tối đa cho một cơ sở ${formatTrieu(one)} triệu đồng`,
        { establishment: i, amount: e.support, limit: one },
      );
    }
  });
}

function register(command: RegisterDeAn, state: DeAnState, rules: RuleBook): DeAnEvent[] {
  if (state.status !== 'Initial') throw new IllegalTransitionError(command.type, state.status);
  const { data, metadata } = command;
  const day = vietnamDay(metadata.now);
  requireText(data.deAnId, 'deAnId', 100);
  requireOrganisationId(data.organisation, 'organisation');
  validateProposal(data);
  requireProvinceOn(data.province, day);
  requireLevelOn(data.level, day);
  if (metadata.actor.role === 'applicant' && metadata.actor.org !== data.organisation) {
    throw new NotPermittedError('Đơn vị chỉ được đăng ký đề án của chính mình');
  }
  if (data.supplementary) {
    requireText(data.supplementary.reason, 'supplementary.reason');
    if (metadata.actor.role !== 'officer') throw new NotPermittedError('Chỉ cán bộ khuyến công được đăng ký bổ sung ngoài thời hạn');
  }
  requireWithinCaps(data, day, rules);
  requireIndicators(data.expectedResults, 'expectedResults', day);

  const windows = data.fundingSource === 'KCQG' ? rules.kcqgRegistration : rules.provinceRegistration[data.province];
  if (windows) {
    // Imported history is judged at its own date, except for a đề án whose plan year is not over:
    // its future is live, so its dossier counts as arriving when it was imported (else a backdated
    // record would slip past the window that a live registration must meet).
    const importedOn = metadata.importedAt ? vietnamDay(metadata.importedAt) : undefined;
    const arrivedOn = importedOn !== undefined && data.planYear >= yearOf(importedOn) ? importedOn : day;
    const window = versionInForce(windows, arrivedOn);
    const { month, day: dayOfMonth, yearOffset } = window.value.registerBefore;
    const deadline = isoDate(data.planYear + yearOffset, month, dayOfMonth);
    if (arrivedOn >= deadline && !data.supplementary) {
      throw new RuleViolationError(
        windows.id,
        window.legalBasis,
        arrivedOn === day
          ? `Đã quá hạn đăng ký đề án ${data.fundingSource} cho kế hoạch năm ${data.planYear}: phải đăng ký trước ngày ${deadline}`
          : `Hồ sơ kế hoạch năm ${data.planYear} chưa kết thúc được nhập ngày ${arrivedOn}, sau hạn đăng ký ${deadline}: ` +
              'nhập như đăng ký bổ sung (supplementary.reason, cán bộ khuyến công)',
        { deadline, registeredOn: day, ...(arrivedOn !== day ? { importedOn: arrivedOn } : {}) },
      );
    }
  }
  const { supplementary, establishments, ...rest } = data;
  return [
    {
      type: 'DeAnRegistered',
      data: { ...rest, ...(establishments?.length ? { establishments } : {}), registeredOn: day, ...(supplementary ? { supplementary } : {}) },
    },
  ];
}

function assignCouncil(command: AssignCouncil): DeAnEvent[] {
  const { members, chair } = command.data;
  if (!Array.isArray(members) || members.length === 0) throw new InvalidCommandError('members', 'hội đồng phải có ít nhất một thành viên');
  members.forEach((m, i) => {
    requireText(m.sub, `members[${i}].sub`, 200);
    requireText(m.name, `members[${i}].name`, 200);
  });
  if (new Set(members.map((m) => m.sub)).size !== members.length) throw new InvalidCommandError('members', 'thành viên bị trùng');
  if (!members.some((m) => m.sub === chair)) throw new InvalidCommandError('chair', 'chủ tịch phải là thành viên hội đồng');
  return [{ type: 'CouncilAssigned', data: { members, chair } }];
}

function submitReview(command: SubmitReview, state: StateOf<'UnderAppraisal'>): DeAnEvent[] {
  const reviewer = command.metadata.actor.sub;
  if (!state.dossier.council.members.some((m) => m.sub === reviewer)) {
    throw new NotPermittedError('Chỉ thành viên hội đồng được phân công mới được gửi phiếu thẩm định');
  }
  if (state.dossier.reviews.some((r) => r.reviewer === reviewer)) {
    throw new RuleViolationError('review-once', 'TT 36/2013/TT-BCT Điều 9', 'Thành viên đã gửi phiếu thẩm định trong vòng này');
  }
  const { score, recommendation, comments, conflictOfInterest } = command.data;
  requireInteger(score, 'score', 0, 100);
  if (!['approve', 'revise', 'reject'].includes(recommendation)) throw new InvalidCommandError('recommendation', 'không hợp lệ');
  if (typeof conflictOfInterest !== 'boolean') throw new InvalidCommandError('conflictOfInterest', 'phải là true/false');
  return [{ type: 'ReviewSubmitted', data: { reviewer, score, recommendation, comments: comments ?? '', conflictOfInterest } }];
}

function requestRevision(command: RequestRevision, state: StateOf<'UnderAppraisal'>): DeAnEvent[] {
  requireOfficerOrChair(state.dossier, command.metadata.actor);
  const { items, dueDate } = command.data;
  if (!Array.isArray(items) || items.length === 0) throw new InvalidCommandError('items', 'phải nêu ít nhất một nội dung cần bổ sung');
  items.forEach((item, i) => requireText(item, `items[${i}]`));
  return [{ type: 'RevisionRequested', data: { items, dueDate: requireDate(dueDate, 'dueDate') } }];
}

function revise(command: ReviseDeAn, state: StateOf<'RevisionRequested'>, rules: RuleBook): DeAnEvent[] {
  requireOwner(state.dossier, command.metadata.actor);
  const { changes, note } = command.data;
  const fixed = Object.keys(changes ?? {}).filter((field) => !(REVISABLE_FIELDS as readonly string[]).includes(field));
  if (fixed.length > 0) throw new InvalidCommandError(`changes.${fixed[0]}`, 'không được thay đổi khi bổ sung hồ sơ');
  const revised: Proposal = { ...state.dossier.proposal, ...changes };
  validateProposal(revised);
  requireWithinCaps(revised, vietnamDay(command.metadata.now), rules);
  requireIndicators(revised.expectedResults, 'changes.expectedResults', vietnamDay(command.metadata.now));
  return [{ type: 'DeAnRevised', data: { changes, note: note ?? '', round: state.dossier.revisionRounds + 1 } }];
}

function concludeAppraisal(command: ConcludeAppraisal, state: StateOf<'UnderAppraisal'>, rules: RuleBook): DeAnEvent[] {
  const { dossier } = state;
  requireOfficerOrChair(dossier, command.metadata.actor);
  const { result, recommendedSupport, machineryValuation, minutesNo } = command.data;
  if (result !== 'passed' && result !== 'failed') throw new InvalidCommandError('result', 'phải là passed hoặc failed');
  requireDong(recommendedSupport, 'recommendedSupport');
  requireDong(machineryValuation, 'machineryValuation');
  requireText(minutesNo, 'minutesNo', 100);

  const valid = dossier.reviews.filter((r) => !r.conflictOfInterest);
  const quorum = versionInForce(rules.appraisalQuorum, vietnamDay(command.metadata.now));
  if (!quorumReached(valid.length, dossier.council.members.length, quorum.value)) {
    throw new RuleViolationError(
      rules.appraisalQuorum.id,
      quorum.legalBasis,
      `Chưa đủ phiếu thẩm định hợp lệ: ${valid.length}/${dossier.council.members.length} thành viên (phiếu có xung đột lợi ích không được tính)`,
      { validReviews: valid.length, members: dossier.council.members.length },
    );
  }
  if (recommendedSupport > dossier.proposal.budget.requestedSupport) {
    throw new RuleViolationError(
      'recommended-within-requested',
      'TT 36/2013/TT-BCT Điều 9',
      'Kinh phí hội đồng đề xuất vượt kinh phí đề nghị hỗ trợ',
      { recommendedSupport, requestedSupport: dossier.proposal.budget.requestedSupport },
    );
  }
  const averageScore = valid.length === 0 ? null : Math.round((valid.reduce((s, r) => s + r.score, 0) * 10) / valid.length) / 10;
  // KCQG's first round is the Sở's: its conclusion sends the dossier on to the Ministry, not to approval
  const concluded: DeAnEvent = {
    type: twoLevel(dossier, rules) && !('baseAppraisal' in dossier) ? 'BaseAppraisalConcluded' : 'AppraisalConcluded',
    data: { result, recommendedSupport, machineryValuation, minutesNo, validReviews: valid.length, averageScore },
  };
  return result === 'passed'
    ? [concluded]
    : [concluded, { type: 'DeAnRejected', data: { reason: `Không đạt thẩm định (biên bản ${minutesNo})`, stage: 'appraisal' } }];
}

function forward(command: ForwardToMinistry, state: StateOf<'BaseAppraised'>, rules: RuleBook): DeAnEvent[] {
  const dispatchNo = requireText(command.data.dispatchNo, 'dispatchNo', 100);
  const forwardedOn = vietnamDay(command.metadata.now);
  const { planYear } = state.dossier.proposal;
  const window = versionInForce(rules.kcqgRegistration, state.dossier.registeredOn);
  const { month, day, yearOffset } = window.value.forwardBefore!; // a base-appraised đề án is two-level: it has one
  const deadline = isoDate(planYear + yearOffset, month, day);
  if (forwardedOn >= deadline) {
    throw new RuleViolationError(
      'forward-deadline',
      window.legalBasis,
      `Đã quá hạn gửi hồ sơ đề án kế hoạch năm ${planYear} về Bộ Công Thương: phải gửi trước ngày ${deadline}`,
      { deadline, forwardedOn },
    );
  }
  return [{ type: 'DossierForwarded', data: { dispatchNo, forwardedOn, deadline, legalBasis: window.legalBasis } }];
}

function approve(command: ApproveDeAn, state: StateOf<'Appraised'>, rules: RuleBook): DeAnEvent[] {
  const { dossier } = state;
  const { decisionNo, decisionDate, approvedSupport, planId } = command.data;
  requireText(decisionNo, 'decisionNo', 100);
  requireText(planId, 'planId', 100);
  requireDate(decisionDate, 'decisionDate');
  // an activity without state funding is approved at 0 (listed in the plan, committing nothing); any other at more
  if (dossier.proposal.budget.requestedSupport === 0) {
    if (requireDong(approvedSupport, 'approvedSupport') !== 0)
      throw new InvalidCommandError('approvedSupport', 'đề án không đề nghị hỗ trợ: kinh phí phê duyệt là 0');
  } else requirePositiveDong(approvedSupport, 'approvedSupport');
  if (approvedSupport > dossier.proposal.budget.requestedSupport) {
    throw new RuleViolationError(
      'approved-within-requested',
      'TT 36/2013/TT-BCT Điều 10',
      `Kinh phí phê duyệt ${formatTrieu(approvedSupport)} triệu đồng vượt kinh phí đề nghị ${formatTrieu(dossier.proposal.budget.requestedSupport)} triệu đồng`,
      { approvedSupport, requestedSupport: dossier.proposal.budget.requestedSupport },
    );
  }
  // NĐ 45/2012 Điều 6: "không quá 1,5 lần", decided by the approving authority, not by the applicant's claim.
  const claimed = dossier.proposal.priorityArea || dossier.proposal.prioritySector;
  const granted = claimed && command.data.priorityConfirmed === true;
  const judged = granted ? dossier.proposal : withoutPriority(dossier.proposal);
  const cap = capFor(judged, decisionDate, rules);
  requireWithinCap(approvedSupport, cap, claimed && !granted ? 'Kinh phí phê duyệt (ưu tiên chưa được xác nhận)' : 'Kinh phí phê duyệt');
  return [
    {
      type: 'DeAnApproved',
      data: {
        decisionNo,
        decisionDate,
        approvedSupport,
        planId,
        capLimit: cap.limit,
        capRule: cap.ruleId,
        ...(claimed ? { priorityConfirmed: granted } : {}),
      },
    },
  ];
}

function signContract(command: SignContract, state: StateOf<'Approved'>): DeAnEvent[] {
  const { contractNo, selection } = command.data;
  requireText(contractNo, 'contractNo', 100);
  const signedDate = requireDate(command.data.signedDate, 'signedDate');
  const endDate = requireDate(command.data.endDate, 'endDate');
  if (endDate < signedDate) throw new InvalidCommandError('endDate', 'không được trước ngày ký hợp đồng');
  if (selection !== 'review' && selection !== 'tender') throw new InvalidCommandError('selection', 'phải là review hoặc tender');
  if (signedDate < state.dossier.approval.decisionDate) {
    throw new RuleViolationError('contract-after-approval', 'TT 36/2013/TT-BCT Điều 11', 'Hợp đồng không được ký trước ngày quyết định phê duyệt', {
      signedDate,
      decisionDate: state.dossier.approval.decisionDate,
    });
  }
  return [{ type: 'ContractSigned', data: { contractNo, signedDate, endDate, selection } }];
}

function payAdvance(command: PayAdvance, state: StateOf<'InImplementation'>, rules: RuleBook): DeAnEvent[] {
  const { dossier } = state;
  const amount = requirePositiveDong(command.data.amount, 'amount');
  const paidDate = requireDate(command.data.paidDate, 'paidDate');
  const policy = versionInForce(rules.advances, paidDate);
  const activity = activityInForce(dossier.proposal.contentArea, dossier.proposal.activity, paidDate, rules.catalogue);
  const advanceClass = policy.value.classOf[activity.kind] ?? 'standard';
  const first = policy.value.firstAdvance[advanceClass];
  const violation = (ruleId: string, message: string, details: Record<string, number | string> = {}) =>
    new RuleViolationError(ruleId, policy.legalBasis, message, { amount, approvedSupport: dossier.approvedSupport, ...details });

  if (dossier.advanceCount === 0) {
    if (first.maxShareBps === 0) throw violation('advance-after-acceptance', 'Nội dung này chỉ được thanh toán sau nghiệm thu, không tạm ứng');
    // the volume the officer confirmed, not the one the beneficiary reported (TT 36/2013/TT-BCT Điều 23.3.a)
    if (first.progressAbovePercent !== null && !((dossier.confirmedProgressPercent ?? 0) > first.progressAbovePercent)) {
      throw violation(
        'advance-progress',
        `Chỉ được tạm ứng lần đầu khi khối lượng thực hiện được cán bộ xác nhận vượt ${first.progressAbovePercent} %`,
        {
          progressPercent: dossier.confirmedProgressPercent ?? 0,
          reportedPercent: dossier.lastProgressPercent ?? 0,
          requiredAbove: first.progressAbovePercent,
        },
      );
    }
    const firstLimit = shareOf(dossier.approvedSupport, first.maxShareBps);
    if (amount > firstLimit) {
      throw violation(
        'advance-first-share',
        `Tạm ứng lần đầu vượt ${first.maxShareBps / 100} % kinh phí phê duyệt (${formatTrieu(firstLimit)} triệu đồng)`,
        { limit: firstLimit },
      );
    }
  }
  const totalLimit = shareOf(dossier.approvedSupport, policy.value.totalMaxShareBps);
  if (dossier.advancesPaid + amount > totalLimit) {
    throw violation(
      'advance-total',
      `Tổng tạm ứng vượt ${policy.value.totalMaxShareBps / 100} % kinh phí phê duyệt (${formatTrieu(totalLimit)} triệu đồng)`,
      { advancesPaid: dossier.advancesPaid, limit: totalLimit },
    );
  }
  return [{ type: 'AdvancePaid', data: { amount, paidDate, totalAdvanced: dossier.advancesPaid + amount } }];
}

function reportProgress(command: ReportProgress, state: StateOf<'InImplementation'>): DeAnEvent[] {
  requireOwner(state.dossier, command.metadata.actor);
  const { period, percentComplete, investedAmount, notes } = command.data;
  if (typeof period !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new InvalidCommandError('period', 'phải có dạng YYYY-MM');
  requireInteger(percentComplete, 'percentComplete', 0, 100);
  requireDong(investedAmount, 'investedAmount');
  return [{ type: 'ProgressReported', data: { period, percentComplete, investedAmount, notes: notes ?? '' } }];
}

const MINISTER_LEVEL: readonly AdjustmentKind[] = MINISTER_LEVEL_ADJUSTMENTS;

function requestAdjustment(command: RequestAdjustment, state: StateOf<'Approved' | 'InImplementation' | 'Suspended'>): DeAnEvent[] {
  const { dossier } = state;
  requireOwner(dossier, command.metadata.actor);
  const { adjustmentId, kind, proposed, reason } = command.data;
  requireText(adjustmentId, 'adjustmentId', 100);
  requireText(reason, 'reason');
  if (!(ADJUSTMENT_KINDS as readonly string[]).includes(kind)) throw new InvalidCommandError('kind', 'loại điều chỉnh không hợp lệ');
  if (dossier.pendingAdjustments[adjustmentId]) throw new InvalidCommandError('adjustmentId', 'đã tồn tại');
  const movesEndDate = kind === 'extend-next-year' || kind === 'change-timing';
  const changesSupport = kind === 'increase-support' || kind === 'reduce-support';
  if (!movesEndDate && proposed?.endDate !== undefined)
    throw new InvalidCommandError('proposed.endDate', `không áp dụng cho loại điều chỉnh ${kind}`);
  if (!changesSupport && proposed?.approvedSupport !== undefined)
    throw new InvalidCommandError('proposed.approvedSupport', `không áp dụng cho loại điều chỉnh ${kind}`);
  switch (kind) {
    case 'extend-next-year':
    case 'change-timing': {
      // TT 36/2013 Điều 11.2.b: the Cục changes the timing within the financial year; beyond it is the Minister's extension.
      const endDate = requireDate(proposed?.endDate, 'proposed.endDate');
      const { planYear } = dossier.proposal;
      const intoNextYear = Number(endDate.slice(0, 4)) > planYear;
      if (kind === 'change-timing' && intoNextYear) {
        throw new RuleViolationError(
          'timing-within-year',
          'TT 36/2013/TT-BCT Điều 11.2.b',
          `Điều chỉnh thời gian (cấp Cục) phải kết thúc trong năm ${planYear}; sang năm sau là gia hạn sang năm (cấp Bộ)`,
          { endDate, planYear },
        );
      }
      if (kind === 'extend-next-year' && !intoNextYear) {
        throw new InvalidCommandError('proposed.endDate', `gia hạn sang năm phải kết thúc sau năm ${planYear}; trong năm là điều chỉnh thời gian`);
      }
      break;
    }
    case 'increase-support':
    case 'reduce-support': {
      const amount = requirePositiveDong(proposed?.approvedSupport, 'proposed.approvedSupport');
      const increases = amount > dossier.approvedSupport;
      if (increases !== (kind === 'increase-support') || amount === dossier.approvedSupport) {
        throw new InvalidCommandError(
          'proposed.approvedSupport',
          kind === 'increase-support' ? 'phải lớn hơn kinh phí đã duyệt' : 'phải nhỏ hơn kinh phí đã duyệt',
        );
      }
      break;
    }
    case 'change-content':
    case 'change-location':
    case 'change-beneficiary':
    case 'change-partner':
      if (!proposed?.changes || Object.keys(proposed.changes).length === 0)
        throw new InvalidCommandError('proposed.changes', 'phải nêu nội dung điều chỉnh');
      break;
    default:
      return assertNever(kind, 'adjustment kind');
  }
  const authority = MINISTER_LEVEL.includes(kind) ? 'minister' : 'department';
  return [{ type: 'AdjustmentRequested', data: { adjustmentId, kind, authority, proposed, reason } }];
}

function decideAdjustment(command: DecideAdjustment, state: StateOf<'Approved' | 'InImplementation' | 'Suspended'>, rules: RuleBook): DeAnEvent[] {
  const { dossier } = state;
  const { adjustmentId, approved, decisionNo } = command.data;
  requireText(decisionNo, 'decisionNo', 100);
  const pending = dossier.pendingAdjustments[adjustmentId];
  if (!pending) throw new InvalidCommandError('adjustmentId', 'không có đề nghị điều chỉnh đang chờ quyết định');
  if (typeof approved !== 'boolean') throw new InvalidCommandError('approved', 'phải là true/false');
  if (!approved) return [{ type: 'AdjustmentRejected', data: { adjustmentId, decisionNo } }];

  // Only a support adjustment changes the support, and only an extension or a change of timing moves the
  // end date, whatever else the proposal carries. The change is judged by its direction at decision time:
  // another adjustment may have been decided since this one was requested.
  const changesSupport = pending.kind === 'increase-support' || pending.kind === 'reduce-support';
  const newSupport = changesSupport ? (pending.proposed.approvedSupport ?? dossier.approvedSupport) : dossier.approvedSupport;
  const endDate = pending.kind === 'extend-next-year' || pending.kind === 'change-timing' ? pending.proposed.endDate : undefined;
  if (newSupport > dossier.approvedSupport) {
    if (newSupport > dossier.proposal.budget.requestedSupport) {
      throw new RuleViolationError('approved-within-requested', 'TT 36/2013/TT-BCT Điều 10', 'Kinh phí điều chỉnh vượt kinh phí đề nghị hỗ trợ', {
        approvedSupport: newSupport,
        requestedSupport: dossier.proposal.budget.requestedSupport,
      });
    }
    requireWithinCap(newSupport, capFor(dossier.proposal, vietnamDay(command.metadata.now), rules), 'Kinh phí điều chỉnh');
  }
  if (newSupport < dossier.approvedSupport) {
    const policy = versionInForce(rules.advances, vietnamDay(command.metadata.now));
    const limit = shareOf(newSupport, policy.value.totalMaxShareBps);
    if (dossier.advancesPaid > limit) {
      throw new RuleViolationError('advance-total', policy.legalBasis, 'Số đã tạm ứng vượt tỷ lệ cho phép của kinh phí sau điều chỉnh', {
        advancesPaid: dossier.advancesPaid,
        limit,
      });
    }
  }
  return [
    {
      type: 'AdjustmentApproved',
      data: {
        adjustmentId,
        kind: pending.kind,
        decisionNo,
        approvedSupport: newSupport,
        previousApprovedSupport: dossier.approvedSupport,
        ...(endDate ? { endDate } : {}),
      },
    },
  ];
}

function recordInspection(command: RecordInspection, state: StateOf<'InImplementation' | 'Suspended'>): DeAnEvent[] {
  const { inspectionId, date, inspectors, result, findings } = command.data;
  requireText(inspectionId, 'inspectionId', 100);
  requireDate(date, 'date');
  if (!Array.isArray(inspectors) || inspectors.length === 0) throw new InvalidCommandError('inspectors', 'phải có ít nhất một người kiểm tra');
  inspectors.forEach((name, i) => requireText(name, `inspectors[${i}]`, 200));
  if (!['satisfactory', 'issues', 'violation'].includes(result)) throw new InvalidCommandError('result', 'không hợp lệ');
  void state;
  return [{ type: 'InspectionRecorded', data: { inspectionId, date, inspectors, result, findings: findings ?? '' } }];
}

function stop(command: StopDeAn, state: StateOf<'Approved' | 'InImplementation' | 'Suspended' | 'AcceptanceFailed'>): DeAnEvent[] {
  const { dossier } = state;
  const recoverAmount = requireDong(command.data.recoverAmount, 'recoverAmount');
  if (recoverAmount > dossier.advancesPaid) {
    throw new RuleViolationError('stop-recovery', 'TT 36/2013/TT-BCT Điều 11', 'Số thu hồi vượt số đã tạm ứng', {
      recoverAmount,
      advancesPaid: dossier.advancesPaid,
    });
  }
  return [{ type: 'DeAnStopped', data: { ...decision(command.data), recoverAmount, releasedSupport: dossier.approvedSupport } }];
}

function complete(command: CompleteDeAn, state: StateOf<'InImplementation' | 'AcceptanceFailed'>): DeAnEvent[] {
  requireOwner(state.dossier, command.metadata.actor);
  const { actualResults } = command.data;
  const completedDate = requireDate(command.data.completedDate, 'completedDate');
  requireResults(actualResults, 'actualResults');
  requireIndicators(actualResults, 'actualResults', completedDate);
  const actualCost = requireDong(command.data.actualCost, 'actualCost');
  const machineryValue = requireDong(command.data.machineryValue, 'machineryValue');
  return [{ type: 'DeAnCompleted', data: { completedDate, actualResults, actualCost, machineryValue } }];
}

function recordAcceptance(command: RecordAcceptance, state: StateOf<'Completed' | 'BaseAccepted'>, rules: RuleBook): DeAnEvent[] {
  const { result, acceptedResults } = command.data;
  if (result !== 'passed' && result !== 'failed') throw new InvalidCommandError('result', 'phải là passed hoặc failed');
  requireResults(acceptedResults, 'acceptedResults');
  const acceptedCost = requireDong(command.data.acceptedCost, 'acceptedCost');
  const machineryValuation = requireDong(command.data.machineryValuation, 'machineryValuation');
  const minutesNo = requireText(command.data.minutesNo, 'minutesNo', 100);
  const date = requireDate(command.data.date, 'date');
  requireIndicators(acceptedResults, 'acceptedResults', date);
  if (acceptedCost > state.dossier.completion.actualCost) {
    throw new RuleViolationError('accepted-cost-within-actual', 'TT 36/2013/TT-BCT Điều 17', 'Chi phí được nghiệm thu vượt chi phí thực tế', {
      acceptedCost,
      actualCost: state.dossier.completion.actualCost,
    });
  }
  const data = { acceptedResults, acceptedCost, machineryValuation, minutesNo, date };
  if (result === 'failed') return [{ type: 'AcceptanceFailed', data }];
  // KCQG: the Sở's acceptance comes first, the Ministry's closes the results
  return [{ type: twoLevel(state.dossier, rules) && state.status === 'Completed' ? 'BaseAcceptancePassed' : 'AcceptancePassed', data }];
}

function settle(command: SettleDeAn, state: StateOf<'Accepted'>, rules: RuleBook): DeAnEvent[] {
  const { dossier } = state;
  const settledSupport = requireDong(command.data.settledSupport, 'settledSupport');
  const decisionNo = requireText(command.data.decisionNo, 'decisionNo', 100);
  const date = requireDate(command.data.date, 'date');
  const cap = capFor(dossier.proposal, date, rules);
  const ceiling = settlementCeiling(dossier.approvedSupport, dossier.acceptance.acceptedCost, cap);
  if (settledSupport > ceiling) {
    const formula = versionInForce(rules.settlement, date);
    throw new RuleViolationError(
      rules.settlement.id,
      formula.legalBasis,
      `Kinh phí quyết toán ${formatTrieu(settledSupport)} triệu đồng vượt mức tối đa ${formatTrieu(ceiling)} triệu đồng = min(kinh phí phê duyệt, chi phí nghiệm thu × tỷ lệ hỗ trợ, mức trần)`,
      { settledSupport, ceiling, approvedSupport: dossier.approvedSupport, acceptedCost: dossier.acceptance.acceptedCost },
    );
  }
  const balance = settlementBalance(settledSupport, dossier.advancesPaid);
  return [{ type: 'DeAnSettled', data: { settledSupport, ceiling, advancesPaid: dossier.advancesPaid, ...balance, decisionNo, date } }];
}
