/**
 * What a step's form shows before it is sent, from the engine's own rule tables (libs/domain): the
 * plan to approve into with what it has left and the support cap; the advance rule (first advance and
 * total as shares of the approved support); the settlement formula with its figures. The decider
 * still judges the act; these only say in advance what it will hold the user to.
 */
import { Alert, Descriptions, Form, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  ADVANCE_RULES,
  capFor,
  CONTENT_CATALOGUE,
  ContentArea,
  Establishment,
  formatTrieu,
  settlementBalance,
  settlementCeiling,
  shareOf,
  versionInForce,
  vietnamDay,
  withoutPriority,
} from '@app/domain';
import { send } from '../api/client';
import { formatDong } from '../format';
import type { Overrides } from './SchemaForm';

/** The đề án fields the hints read (the API's view of the dossier). */
export interface DossierFigures {
  contentArea?: string;
  activity?: string;
  fundingSource?: 'KCQG' | 'KCDP';
  level?: 'central' | 'province' | 'district';
  province?: string;
  planYear?: number;
  priorityArea?: boolean;
  prioritySector?: boolean;
  budget?: { totalCost: number; requestedSupport: number };
  establishments?: Establishment[];
  approvedSupport?: number;
  advancesPaid?: number;
  advanceCount?: number;
  lastProgressPercent?: number | null;
  acceptance?: { acceptedCost: number };
}

const today = () => vietnamDay(new Date());

/** The engine's own cap (capFor: what the decider judges by), or undefined while the dossier lacks what it needs. */
export function capOf(d: DossierFigures, totalCost: number) {
  const { contentArea, activity, fundingSource, level, province } = d;
  if (!contentArea || !activity || !fundingSource || !level || !province) return undefined;
  const proposal = {
    contentArea: contentArea as ContentArea,
    activity,
    fundingSource,
    level,
    province,
    priorityArea: Boolean(d.priorityArea),
    prioritySector: Boolean(d.prioritySector),
    ...(d.establishments && d.establishments.length > 1 ? { establishments: d.establishments } : {}),
    budget: { totalCost },
  };
  try {
    return capFor(proposal, today());
  } catch {
    return undefined; // an activity not in today's catalogue: no cap to show
  }
}

interface Plan {
  id: string;
  year: number;
  fundingSource: string;
  province: string | null;
  remaining: number;
}

/** The approval's plan, chosen among the plans of the đề án's year and fund, with what each has left. */
export function usePlanChoice(d: DossierFigures, enabled: boolean): Overrides {
  const plans = useQuery({
    queryKey: ['plans', d.planYear],
    queryFn: () => send<{ items: Plan[] }>('GET', `/api/v1/plans?year=${d.planYear}`),
    enabled,
  });
  const options = (plans.data?.items ?? [])
    .filter((p) => p.fundingSource === d.fundingSource)
    .map((p) => ({
      value: p.id,
      label: `Kế hoạch ${p.year} ${p.fundingSource}${p.province ? ` tỉnh ${p.province}` : ''} — còn ${formatDong(p.remaining)}`,
    }));
  return enabled
    ? {
        planId: (name, label) => (
          <Form.Item label={label} name={name} rules={[{ required: true, message: 'Chọn kế hoạch' }]}>
            <Select aria-label={label} showSearch={{ optionFilterProp: 'label' }} options={options} loading={plans.isPending} />
          </Form.Item>
        ),
      }
    : {};
}

export function StepHint({ step, d, values }: { step: string; d: DossierFigures; values: Record<string, unknown> }) {
  if (step === 'approval' || step === 'appraisal') {
    // A claimed priority raises the cap only when the approver confirms it (NĐ 45/2012 Điều 6).
    const claimed = Boolean(d.priorityArea || d.prioritySector);
    const granted = step === 'appraisal' || values.priorityConfirmed === true;
    const judged = claimed && !granted ? withoutPriority(d) : d;
    const cap = d.budget ? capOf(judged, d.budget.totalCost) : undefined;
    if (!cap) return null;
    return (
      <Alert
        role="status"
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={
          cap.limit === null ? 'Văn bản không quy định mức hỗ trợ tối đa cho nội dung này' : `Mức hỗ trợ tối đa: ${formatTrieu(cap.limit)} triệu đồng`
        }
        description={`Đề nghị hỗ trợ ${formatDong(d.budget?.requestedSupport)}.${
          claimed && step === 'approval'
            ? ` Đề án đề nghị ưu tiên: ${granted ? 'đã xác nhận, mức đến 1,5 lần' : 'chưa xác nhận, áp mức thường'}.`
            : ''
        } Căn cứ: ${cap.legalBasis}`}
      />
    );
  }
  if (step === 'advances' && d.approvedSupport) {
    const policy = versionInForce(ADVANCE_RULES, today());
    const activity = versionInForce(CONTENT_CATALOGUE, today()).value.find((a) => a.code === d.activity);
    const rule = policy.value.firstAdvance[(activity && policy.value.classOf[activity.kind]) ?? 'standard'];
    const first = (d.advanceCount ?? 0) === 0;
    const total = shareOf(d.approvedSupport, policy.value.totalMaxShareBps) - (d.advancesPaid ?? 0);
    const limit = first ? Math.min(shareOf(d.approvedSupport, rule.maxShareBps), total) : total;
    const amount = typeof values.amount === 'number' ? values.amount : undefined;
    return (
      <Alert
        role="status"
        type={amount !== undefined && amount > limit ? 'error' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        message={`Tạm ứng lần này tối đa ${formatDong(limit)}${amount !== undefined && amount > limit ? ' — số tiền nhập vượt mức này' : ''}`}
        description={
          <>
            {first &&
              `Lần đầu: tối đa ${rule.maxShareBps / 100} % kinh phí phê duyệt${rule.progressAbovePercent !== null ? `, khi khối lượng thực hiện vượt ${rule.progressAbovePercent} % (báo cáo gần nhất: ${d.lastProgressPercent ?? 0} %)` : ''}. `}
            Tổng tạm ứng tối đa {policy.value.totalMaxShareBps / 100} % kinh phí phê duyệt ({formatDong(d.approvedSupport)}); đã tạm ứng{' '}
            {formatDong(d.advancesPaid ?? 0)}. Căn cứ: {policy.legalBasis}
          </>
        }
      />
    );
  }
  if (step === 'settlement' && d.acceptance && d.approvedSupport) {
    const cap = capOf(d, d.acceptance.acceptedCost);
    if (!cap) return null;
    const ceiling = settlementCeiling(d.approvedSupport, d.acceptance.acceptedCost, cap);
    const settled = typeof values.settledSupport === 'number' ? values.settledSupport : ceiling;
    const { payable, recoverable } = settlementBalance(settled, d.advancesPaid ?? 0);
    return (
      <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }} title="Công thức quyết toán">
        <Descriptions.Item label="Kinh phí phê duyệt (sau điều chỉnh)">{formatDong(d.approvedSupport)}</Descriptions.Item>
        <Descriptions.Item label={`Chi phí được nghiệm thu × ${cap.shareBps / 100} %`}>
          {formatDong(shareOf(d.acceptance.acceptedCost, cap.shareBps))}
        </Descriptions.Item>
        <Descriptions.Item label="Mức hỗ trợ tối đa">{formatDong(cap.maxAmount)}</Descriptions.Item>
        <Descriptions.Item label="Được quyết toán tối đa (số nhỏ nhất)">{formatDong(ceiling)}</Descriptions.Item>
        <Descriptions.Item label="Đã tạm ứng">{formatDong(d.advancesPaid ?? 0)}</Descriptions.Item>
        <Descriptions.Item label={recoverable > 0 ? 'Phải thu hồi' : 'Còn phải trả'}>
          {formatDong(recoverable > 0 ? recoverable : payable)}
        </Descriptions.Item>
      </Descriptions>
    );
  }
  return null;
}
