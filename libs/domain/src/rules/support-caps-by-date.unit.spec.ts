/**
 * The national cap tables row by row, each at both edges of its validity (docs/DOMAIN.md, "Second
 * pass"): TTLT 26/2014/TTLT-BTC-BCT from 08/4/2014 to 10/5/2018, TT 28/2018/TT-BTC from 11/5/2018, and
 * before TTLT 26 a labelled policy default (TTLT 125/2009's figures are not at hand).
 */
import { ActivityKind, CapQuery, IN_FORCE, NATIONAL_SUPPORT_CAPS, PROVINCE_SUPPORT_CAPS, supportCap, trieu, versionInForce } from '..';
import { budget, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const query = (kind: ActivityKind, day: string, overrides: Partial<CapQuery> = {}): CapQuery => ({
  kind,
  fundingSource: 'KCQG',
  level: 'province',
  province: '52',
  priority: false,
  totalCost: trieu(100_000),
  day,
  ...overrides,
});
const amountCap = (kind: ActivityKind, day: string, overrides: Partial<CapQuery> = {}) => supportCap(query(kind, day, overrides)).maxAmount;
const shareCap = (kind: ActivityKind, day: string) => supportCap(query(kind, day)).shareBps;

describe('the national support caps by the day they were in force', () => {
  it('the effective dates: NĐ 45/2012 05/7/2012, TT 36/2013 10/02/2014, TTLT 26/2014 08/4/2014, TT 28/2018 11/5/2018', () => {
    expect(IN_FORCE).toMatchObject({
      'NĐ 45/2012/NĐ-CP': '2012-07-05',
      'TT 36/2013/TT-BCT': '2014-02-10',
      'TTLT 26/2014/TTLT-BTC-BCT': '2014-04-08',
      'TT 28/2018/TT-BTC': '2018-05-11',
    });
    expect(NATIONAL_SUPPORT_CAPS.versions.map((v) => [v.effectiveFrom, v.policyDefault ?? false])).toEqual([
      ['2012-07-05', true],
      ['2014-04-08', false],
      ['2018-05-11', false],
    ]);
  });

  it('NĐ 45/2012 (05/7/2012): nothing before it; from it, the policy default, labelled as such', () => {
    expect(() => supportCap(query('machinery', '2012-07-04'))).toThrow('Không có quy định "Mức hỗ trợ tối đa" có hiệu lực ngày 2012-07-04');
    expect(versionInForce(NATIONAL_SUPPORT_CAPS, '2012-07-05').legalBasis).toMatch(/^TTLT 125\/2009.*mặc định chính sách/);
    expect(versionInForce(NATIONAL_SUPPORT_CAPS, '2014-04-07').policyDefault).toBe(true);
  });

  // [kind, what docs/DOMAIN.md says, TTLT 26/2014's ceiling (triệu) and share, TT 28/2018's]
  const rows: [ActivityKind, string, number | null, number | null, number | null, number | null][] = [
    ['machinery', 'ứng dụng máy móc thiết bị: 50 %, ≤ 200 → ≤ 300', 200, 5_000, 300, 5_000],
    ['technology-transfer', 'chuyển giao công nghệ: 50 %, ≤ 200 → ≤ 300', 200, 5_000, 300, 5_000],
    ['demonstration-model', 'mô hình trình diễn: 30 %, ≤ 500 → ≤ 1.000', 500, 3_000, 1_000, 3_000],
    ['ccn-infrastructure', 'hạ tầng CCN: ≤ 3.000 → ≤ 6.000', 3_000, null, 6_000, null],
    ['contest', 'bình chọn sản phẩm tiêu biểu cấp khu vực: ≤ 100 → ≤ 200', 100, null, 200, null],
    ['brand', 'xây dựng, đăng ký thương hiệu: ≤ 35', 35, null, null, null],
    ['consulting', 'tư vấn: ≤ 35', 35, null, null, null],
    ['ccn-planning', 'quy hoạch CCN: ≤ 500', 500, null, null, null],
    ['ccn-pollution', 'xử lý ô nhiễm tại CCN: 30 %, ≤ 1.500', 1_500, 3_000, null, null],
    ['facility-pollution', 'xử lý ô nhiễm tại cơ sở: ≤ 300', 300, null, null, null],
    ['fair-participation', 'gian hàng hội chợ trong nước: 80 % → 100 %', null, 8_000, null, 10_000],
  ];

  describe.each(rows)('%s (%s)', (kind, _text, ttltAmount, ttltShare, tt28Amount, tt28Share) => {
    const trieuOrNull = (n: number | null) => (n === null ? null : trieu(n));

    it('TTLT 26/2014: its figure from 08/4/2014 (the policy default before it carries the same)', () => {
      expect(amountCap(kind, '2014-04-07')).toBe(trieuOrNull(ttltAmount));
      expect(amountCap(kind, '2014-04-08')).toBe(trieuOrNull(ttltAmount));
      expect(supportCap(query(kind, '2014-04-08')).legalBasis).toMatch(/^TTLT 26\/2014\/TTLT-BTC-BCT/);
      if (ttltShare !== null) expect(shareCap(kind, '2014-04-08')).toBe(ttltShare);
    });

    it('TTLT 26/2014 until 10/5/2018; TT 28/2018 Art. 8 from 11/5/2018', () => {
      expect(amountCap(kind, '2018-05-10')).toBe(trieuOrNull(ttltAmount));
      expect(supportCap(query(kind, '2018-05-10')).legalBasis).toMatch(/^TTLT 26\/2014/);
      expect(amountCap(kind, '2018-05-11')).toBe(trieuOrNull(tt28Amount));
      expect(supportCap(query(kind, '2018-05-11')).legalBasis).toMatch(/^TT 28\/2018\/TT-BTC Điều 8/);
      if (tt28Share !== null) expect(shareCap(kind, '2018-05-11')).toBe(tt28Share);
    });
  });

  it('TTLT 26/2014: a national-level contest round ≤ 200 triệu, TT 28/2018 ≤ 400', () => {
    expect(amountCap('contest', '2018-05-10', { level: 'central' })).toBe(trieu(200));
    expect(amountCap('contest', '2018-05-11', { level: 'central' })).toBe(trieu(400));
  });

  it('NĐ 45/2012 Art. 6: priority areas up to 1.5× under either table (machinery 300 under TTLT 26, 450 under TT 28)', () => {
    expect(amountCap('machinery', '2016-01-01', { priority: true })).toBe(trieu(300));
    expect(amountCap('machinery', '2019-01-01', { priority: true })).toBe(trieu(450));
  });

  // Bắc Giang (24): no provincial table, the national caps apply to its KCĐP đề án.
  const machinery2015 = proposal({
    fundingSource: 'KCDP',
    level: 'province',
    province: '24',
    planYear: 2016,
    budget: budget(trieu(620), trieu(300), trieu(600)),
    schedule: { start: '2016-03-01', end: '2016-10-31' },
  });

  it('TTLT 26/2014: a machinery registration of 300 triệu on 02/11/2015 is refused, the cap then being 200', () => {
    const error = given([])
      .when(sample('RegisterDeAn', machinery2015, { now: '2015-11-02T03:00:00Z' }))
      .thenViolates('support-cap', { limit: trieu(200) });
    expect(error.legalBasis).toMatch(/^TTLT 26\/2014/);
  });

  it('Bình Định (52) KCĐP judges by its provincial table: labelled a policy default, contests without the national ceiling', () => {
    const contest = query('contest', '2016-01-01', { fundingSource: 'KCDP', province: '52' });
    expect(supportCap(contest, PROVINCE_SUPPORT_CAPS)).toMatchObject({ limit: null, ruleId: 'support-cap:52' });
    expect(supportCap(contest, PROVINCE_SUPPORT_CAPS).legalBasis).toMatch(/^Nghị quyết HĐND tỉnh Bình Định.*mặc định chính sách/);
    expect(supportCap({ ...contest, fundingSource: 'KCQG' }, PROVINCE_SUPPORT_CAPS).maxAmount).toBe(trieu(100));
    expect(supportCap({ ...contest, day: '2018-05-11' }, PROVINCE_SUPPORT_CAPS).maxAmount).toBe(trieu(200));
  });

  it('TTLT 26/2014: the same registration for 200 triệu is accepted', () => {
    given([])
      .when(sample('RegisterDeAn', { ...machinery2015, budget: budget(trieu(620), trieu(200), trieu(600)) }, { now: '2015-11-02T03:00:00Z' }))
      .thenMatches([{ type: 'DeAnRegistered', data: { registeredOn: '2015-11-02' } }]);
  });
});
