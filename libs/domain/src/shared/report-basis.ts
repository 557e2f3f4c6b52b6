/** What a report's amounts are (docs/DOMAIN.md, Reports): the plan as approved, as settled, or the estimate written before the year closes. */
export const BASES = ['approved', 'settled', 'estimated'] as const;
export type Basis = (typeof BASES)[number];

export const BASIS_LABELS: Readonly<Record<Basis, string>> = {
  approved: 'Kế hoạch (phê duyệt)',
  settled: 'Thực hiện (quyết toán)',
  estimated: 'Ước thực hiện',
};
