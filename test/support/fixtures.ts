/** Request bodies for the end-to-end scenarios (money in đồng). */
export const M = 1_000_000;

export function registration(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Hỗ trợ ứng dụng máy cắt CNC trong sản xuất đồ gỗ mỹ nghệ',
    contentArea: '3',
    activity: '3.3',
    fundingSource: 'KCDP',
    level: 'province',
    planYear: 2027,
    province: '52',
    locality: 'Thị xã An Nhơn',
    implementingUnit: 'Trung tâm Khuyến công Bình Định',
    beneficiary: { name: 'HTX Cơ khí An Nhơn', kind: 'cooperative', taxCode: '4101234567' },
    priorityArea: false,
    prioritySector: false,
    budget: { totalCost: 620 * M, requestedSupport: 300 * M, counterpartFunds: 320 * M, machineryValue: 600 * M },
    expectedResults: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'Cơ sở' }],
    schedule: { start: '2027-03-01', end: '2027-10-31' },
    attachments: [{ name: 'thuyet-minh.pdf', sha256: 'a'.repeat(64) }],
    ...overrides,
  };
}

export const planBody = (overrides: Record<string, unknown> = {}) => ({
  year: 2027,
  fundingSource: 'KCDP',
  level: 'province',
  province: '52',
  allocation: 3_000 * M,
  targets: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 20, unit: 'Cơ sở' }],
  ...overrides,
});
