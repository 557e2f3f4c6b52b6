/**
 * One đề án's whole lifecycle on the configured store, step by step through the step catalogue and
 * the command handler — the path every HTTP route takes — with the plan's budget kept alongside:
 * what an auditor would replay. Business dates step through 2025–2026.
 */
import { randomUUID } from 'node:crypto';
import {
  Actor,
  DeAnCommand,
  DeAnDecider,
  deAnStreamId,
  formatTrieu,
  PlanCommand,
  planDecider,
  planStreamId,
  STATUS_LABELS,
  trieu,
} from '@app/domain';
import { CommandHandler, fold, PLAN_CREATION, REGISTRATION, stepNamed } from '@app/application';

const officer: Actor = { sub: 'officer-bd-01', role: 'officer', province: '52', name: 'Trần Văn Cán Bộ' };
const applicant: Actor = { sub: 'user-hoa-phat', role: 'applicant', org: 'hop-tac-xa-an-nhon', name: 'HTX Cơ khí An Nhơn' };
const chair: Actor = { sub: 'council-01', role: 'council', name: 'Nguyễn Thị Chủ Tịch' };
const member: Actor = { sub: 'council-02', role: 'council', name: 'Lê Văn Thành Viên' };
const approver: Actor = { sub: 'approver-bd', role: 'approver', province: '52', name: 'Giám đốc Sở Công Thương' };
const finance: Actor = { sub: 'finance-bd', role: 'finance', province: '52', name: 'Kế toán Trung tâm' };

export async function walkthrough(commands: CommandHandler, decider: DeAnDecider, print: (line: string) => void): Promise<boolean> {
  const { store } = commands;
  const deAnId = randomUUID();
  const planId = randomUUID();
  // The walkthrough requests one adjustment and decides it: new entity ids are this one.
  const adjustmentId = randomUUID();
  const meta = (actor: Actor, at: string) => ({ actor, now: new Date(at), commandId: randomUUID() });
  const handle = async (actor: Actor, at: string, command: Omit<DeAnCommand, 'metadata'>) => {
    const result = await commands.handle(decider, deAnStreamId(deAnId), [{ ...command, metadata: meta(actor, at) } as DeAnCommand]);
    print(`  ${at.slice(0, 10)}  ${command.type.padEnd(18)} → ${STATUS_LABELS[result.state.status]} (v${result.version})`);
  };
  /** A step of the catalogue, its body as its route would take it. */
  const run = (actor: Actor, at: string, name: string, body: object) => {
    const step = stepNamed(name)!;
    return handle(actor, at, { type: step.command, data: step.toCommand(body, { entity: () => adjustmentId, adjustmentId }) } as Omit<
      DeAnCommand,
      'metadata'
    >);
  };

  print(`Đề án ${deAnId} — kế hoạch ${planId}`);
  await commands.handle(planDecider, planStreamId(planId), [
    {
      type: 'CreatePlan',
      metadata: meta(officer, '2025-11-20T02:00:00Z'),
      data: PLAN_CREATION.toCommand(
        {
          year: 2026,
          fundingSource: 'KCDP',
          level: 'province',
          province: '52',
          allocation: trieu(3_000),
          targets: [{ indicator: 'Cơ sở được hỗ trợ ứng dụng máy móc thiết bị', quantity: 20, unit: 'Cơ sở' }],
        },
        { planId },
      ),
    } as PlanCommand,
  ]);
  await handle(applicant, '2025-12-01T03:00:00Z', {
    type: 'RegisterDeAn',
    data: REGISTRATION.toCommand(
      {
        title: 'Hỗ trợ ứng dụng máy cắt CNC trong sản xuất đồ gỗ mỹ nghệ',
        contentArea: '3',
        activity: '3.3',
        fundingSource: 'KCDP',
        level: 'province',
        planYear: 2026,
        province: '52',
        locality: 'Thị xã An Nhơn',
        implementingUnit: 'Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bình Định',
        beneficiary: { name: 'HTX Cơ khí An Nhơn', kind: 'cooperative', taxCode: '4101234567' },
        priorityArea: false,
        prioritySector: false,
        budget: { totalCost: trieu(620), requestedSupport: trieu(300), counterpartFunds: trieu(320), machineryValue: trieu(600) },
        expectedResults: [{ indicator: 'Cơ sở được hỗ trợ ứng dụng máy móc thiết bị', quantity: 1, unit: 'Cơ sở' }],
        schedule: { start: '2026-03-01', end: '2026-10-31' },
        attachments: [{ name: 'thuyet-minh.pdf', sha256: 'a'.repeat(64) }],
      },
      { deAnId, organisation: 'hop-tac-xa-an-nhon' },
    ),
  });
  await run(officer, '2025-12-10T02:00:00Z', 'council', {
    members: [
      { sub: chair.sub, name: chair.name! },
      { sub: member.sub, name: member.name! },
    ],
    chair: chair.sub,
  });
  await run(chair, '2025-12-15T02:00:00Z', 'reviews', {
    score: 82,
    recommendation: 'revise',
    comments: 'Cần báo giá thiết bị',
    conflictOfInterest: false,
  });
  await run(chair, '2025-12-16T02:00:00Z', 'revision-request', { items: ['Bổ sung 03 báo giá thiết bị'], dueDate: '2025-12-30' });
  await run(applicant, '2025-12-22T02:00:00Z', 'revision', {
    changes: { attachments: [{ name: 'bao-gia.pdf', sha256: 'b'.repeat(64) }] },
    note: 'Đã bổ sung báo giá',
  });
  await run(chair, '2026-01-05T02:00:00Z', 'reviews', { score: 88, recommendation: 'approve', comments: 'Đạt', conflictOfInterest: false });
  await run(member, '2026-01-05T03:00:00Z', 'reviews', { score: 85, recommendation: 'approve', comments: 'Đạt', conflictOfInterest: false });
  await run(chair, '2026-01-08T02:00:00Z', 'appraisal', {
    result: 'passed',
    recommendedSupport: trieu(300),
    machineryValuation: trieu(590),
    minutesNo: '12/BB-HĐTĐ',
  });
  await run(approver, '2026-01-20T02:00:00Z', 'approval', {
    decisionNo: '215/QĐ-SCT',
    decisionDate: '2026-01-20',
    approvedSupport: trieu(300),
    planId,
  });
  await run(officer, '2026-02-25T02:00:00Z', 'contract', {
    contractNo: '08/2026/HĐ-KC',
    signedDate: '2026-02-25',
    endDate: '2026-10-31',
    selection: 'review',
  });
  await run(applicant, '2026-06-20T02:00:00Z', 'progress', {
    period: '2026-06',
    percentComplete: 75,
    investedAmount: trieu(470),
    notes: 'Đã lắp đặt máy',
  });
  await run(officer, '2026-06-24T02:00:00Z', 'progress-confirmation', { period: '2026-06' });
  await run(finance, '2026-06-28T02:00:00Z', 'advances', { amount: trieu(210), paidDate: '2026-06-28' });
  await run(officer, '2026-07-10T02:00:00Z', 'inspections', {
    date: '2026-07-10',
    inspectors: ['Trần Văn Cán Bộ'],
    result: 'satisfactory',
    findings: 'Đúng tiến độ',
  });
  await run(applicant, '2026-08-01T02:00:00Z', 'adjustments', {
    kind: 'change-timing',
    proposed: { endDate: '2026-11-30' },
    reason: 'Chậm giao thiết bị phụ trợ',
  });
  await run(approver, '2026-08-10T02:00:00Z', 'adjustment-decision', { approved: true, decisionNo: '901/QĐ-SCT' });
  await run(applicant, '2026-11-20T02:00:00Z', 'completion', {
    completedDate: '2026-11-20',
    actualResults: [{ indicator: 'Cơ sở được hỗ trợ ứng dụng máy móc thiết bị', quantity: 1, unit: 'Cơ sở' }],
    actualCost: trieu(610),
    machineryValue: trieu(595),
  });
  await run(officer, '2026-11-25T02:00:00Z', 'acceptance', {
    result: 'failed',
    acceptedResults: [],
    acceptedCost: 0,
    machineryValuation: trieu(595),
    minutesNo: '30/BB-NT',
    date: '2026-11-25',
  });
  await run(applicant, '2026-12-02T02:00:00Z', 'completion', {
    completedDate: '2026-12-02',
    actualResults: [{ indicator: 'Cơ sở được hỗ trợ ứng dụng máy móc thiết bị', quantity: 1, unit: 'Cơ sở' }],
    actualCost: trieu(610),
    machineryValue: trieu(595),
  });
  await run(officer, '2026-12-05T02:00:00Z', 'acceptance', {
    result: 'passed',
    acceptedResults: [{ indicator: 'Cơ sở được hỗ trợ ứng dụng máy móc thiết bị', quantity: 1, unit: 'Cơ sở' }],
    acceptedCost: trieu(580),
    machineryValuation: trieu(590),
    minutesNo: '31/BB-NT',
    date: '2026-12-05',
  });
  await run(finance, '2026-12-15T02:00:00Z', 'settlement', { settledSupport: trieu(290), decisionNo: '77/QĐ-QT', date: '2026-12-15' });

  print('\nSự kiện của đề án (version · loại · người thực hiện · thời điểm nghiệp vụ · hash):');
  for (const event of await store.readStream(deAnStreamId(deAnId))) {
    print(
      `  ${String(event.version).padStart(2)}  ${event.type.padEnd(20)} ${`${event.metadata.actor.sub} (${event.metadata.actor.role})`.padEnd(34)} ${event.metadata.occurredAt}  ${event.hash.slice(0, 16)}…`,
    );
  }
  // The plan's books moved with the đề án: commitment on approval, settlement recorded with the quyết toán.
  const planState = fold(planDecider, await store.readStream(planStreamId(planId)));
  const book = planState.status === 'Initial' ? undefined : planState.book;
  if (book)
    print(
      `\nKế hoạch ${planId}: dự toán ${formatTrieu(book.allocation)} · đã quyết toán ${formatTrieu(book.settled)} · còn lại ${formatTrieu(book.allocation - book.committed - book.settled)} triệu đồng`,
    );
  const deAn = await store.verify({ streamId: deAnStreamId(deAnId) });
  const planCheck = await store.verify({ streamId: planStreamId(planId) });
  print(
    `Kiểm tra chuỗi hash: đề án ${deAn.ok ? 'toàn vẹn' : 'BỊ SỬA ĐỔI'} (${deAn.checked} sự kiện), kế hoạch ${planCheck.ok ? 'toàn vẹn' : 'BỊ SỬA ĐỔI'} (${planCheck.checked} sự kiện)`,
  );
  return deAn.ok && planCheck.ok;
}
