/**
 * Provinces and regions as versioned data: the 63 provinces of 2004–2025 in the six regions of
 * the Ministry report (seed 001), the 34 units of NQ 202/2025/QH15, and the many → one mapping.
 */
import {
  mapToScheme,
  PROVINCE_UNITS,
  provinceOf,
  provincesIn,
  PROVINCES_2004,
  PROVINCES_2025,
  REGION_IDS,
  regionOf,
  REGIONS,
  InvalidCommandError,
  requireProvince,
  requireProvinceOn,
  RuleViolationError,
  schemeOn,
  unitOn,
  versionInForce,
} from '..';

const OLD_CODES = Object.keys(PROVINCES_2004);
const NEW_CODES = Object.keys(PROVINCES_2025);

describe('provinces and regions', () => {
  describe('the 63 provinces of 2004–2025', () => {
    it('holds 63 provinces with distinct 2-digit codes, keyed by their own code', () => {
      expect(OLD_CODES).toHaveLength(63);
      for (const code of OLD_CODES) {
        expect(code).toMatch(/^\d{2}$/);
        expect(PROVINCES_2004[code]).toMatchObject({ scheme: '2004', code });
      }
      expect(new Set(Object.values(PROVINCES_2004).map((p) => p.name)).size).toBe(63);
    });

    it('uses the GSO codes of QĐ 124/2004 that events carry', () => {
      expect(PROVINCES_2004['01']?.name).toBe('Hà Nội');
      expect(PROVINCES_2004['02']?.name).toBe('Hà Giang');
      expect(PROVINCES_2004['46']?.name).toBe('Thừa Thiên Huế');
      expect(PROVINCES_2004['52']?.name).toBe('Bình Định');
      expect(PROVINCES_2004['66']?.name).toBe('Đắk Lắk');
      expect(PROVINCES_2004['79']?.name).toBe('TP. Hồ Chí Minh');
      expect(PROVINCES_2004['96']?.name).toBe('Cà Mau');
      expect(PROVINCES_2004['28']).toBeUndefined(); // Hà Tây, gone since 1/8/2008
    });
  });

  describe('the six regions of seed 001', () => {
    it('are ordered as in the seed, with its labels', () => {
      expect(Object.keys(REGIONS)).toEqual([...REGION_IDS]);
      expect(Object.values(REGIONS)).toEqual([
        'Đồng bằng sông Hồng',
        'Trung du miền núi phía Bắc',
        'Bắc Trung bộ và duyên hải miền Trung',
        'Tây Nguyên',
        'Đông Nam Bộ',
        'Đồng bằng sông Cửu Long',
      ]);
    });

    it('cover all 63 provinces with the counts the seed gives (11, 14, 13, 5, 7, 13)', () => {
      const counts = REGION_IDS.map((region) => provincesIn('2004', region).length);
      expect(counts).toEqual([11, 14, 13, 5, 7, 13]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(63);
      for (const province of Object.values(PROVINCES_2004)) expect(REGION_IDS).toContain(province.region);
    });

    it('place each province as the seed lists it', () => {
      const names = (region: (typeof REGION_IDS)[number]) =>
        provincesIn('2004', region)
          .map((p) => p.name)
          .sort();
      expect(names('tay-nguyen')).toEqual(['Gia Lai', 'Kon Tum', 'Lâm Đồng', 'Đắk Lắk', 'Đắk Nông'].sort());
      expect(names('dong-nam-bo')).toEqual(
        ['TP. Hồ Chí Minh', 'Bà Rịa - Vũng Tàu', 'Bình Phước', 'Bình Dương', 'Bình Thuận', 'Tây Ninh', 'Đồng Nai'].sort(),
      );
      expect(regionOf('58')).toBe('btb-dhmt'); // Ninh Thuận, item c
      expect(regionOf('60')).toBe('dong-nam-bo'); // Bình Thuận, item đ
    });

    it('Bình Định (52) is in Bắc Trung bộ và duyên hải miền Trung', () => {
      expect(REGIONS[regionOf('52')!]).toBe('Bắc Trung bộ và duyên hải miền Trung');
    });
  });

  describe('the 34 units from 1/7/2025', () => {
    it('holds 34 units: 11 unchanged and 23 merged', () => {
      expect(NEW_CODES).toHaveLength(34);
      const units = Object.values(PROVINCES_2025);
      expect(units.filter((u) => u.mergedFrom.length === 1)).toHaveLength(11);
      expect(units.filter((u) => u.mergedFrom.length > 1)).toHaveLength(23);
    });

    it('their mergedFrom partition the 63 old codes', () => {
      const all = Object.values(PROVINCES_2025).flatMap((u) => u.mergedFrom);
      expect(all).toHaveLength(63);
      expect([...all].sort()).toEqual([...OLD_CODES].sort());
    });

    it('each unit carries the old code of one of its own provinces (the seat, QĐ 19/2025)', () => {
      for (const unit of Object.values(PROVINCES_2025)) {
        expect(unit.mergedFrom[0]).toBe(unit.code);
        expect(mapToScheme(unit.code, '2025')).toBe(unit.code); // a 2025 code maps onto itself
      }
    });

    it('each region is the majority region of its provinces, the seat region on a tie', () => {
      for (const unit of Object.values(PROVINCES_2025)) {
        const tally = new Map<string, number>();
        for (const code of unit.mergedFrom) tally.set(regionOf(code, '2004')!, (tally.get(regionOf(code, '2004')!) ?? 0) + 1);
        const top = Math.max(...tally.values());
        const leaders = [...tally].filter(([, n]) => n === top).map(([region]) => region);
        expect(unit.region).toBe(leaders.length === 1 ? leaders[0] : regionOf(unit.code, '2004'));
      }
    });

    it('a 2025 unit has the region of the old province whose code it carries: regionOf agrees across schemes', () => {
      for (const unit of Object.values(PROVINCES_2025)) expect(regionOf(unit.code, '2004')).toBe(unit.region);
      for (const code of NEW_CODES) expect(regionOf(code)).toBe(regionOf(code, '2025'));
    });

    it('knows the mergers of NQ 202/2025', () => {
      const merged = (code: string) => [...(PROVINCES_2025[code]?.mergedFrom ?? [])].sort();
      expect(PROVINCES_2025['08']?.name).toBe('Tuyên Quang');
      expect(merged('08')).toEqual(['02', '08']); // Hà Giang + Tuyên Quang
      expect(PROVINCES_2025['24']?.name).toBe('Bắc Ninh');
      expect(merged('24')).toEqual(['24', '27']); // Bắc Giang + Bắc Ninh
      expect(PROVINCES_2025['79']?.name).toBe('TP. Hồ Chí Minh');
      expect(merged('79')).toEqual(['74', '77', '79']); // Bình Dương + Bà Rịa - Vũng Tàu + TP.HCM
      expect(PROVINCES_2025['52']?.name).toBe('Gia Lai');
      expect(merged('52')).toEqual(['52', '64']); // Bình Định + Gia Lai, seat at Quy Nhơn
      expect(merged('37')).toEqual(['35', '36', '37']); // Hà Nam + Nam Định + Ninh Bình
      expect(merged('68')).toEqual(['60', '67', '68']); // Bình Thuận + Đắk Nông + Lâm Đồng
      expect(merged('92')).toEqual(['92', '93', '94']); // Cần Thơ + Hậu Giang + Sóc Trăng
    });
  });

  describe('mapping historic codes', () => {
    it('every old code maps to exactly one new unit, which lists it', () => {
      for (const code of OLD_CODES) {
        const target = mapToScheme(code, '2025');
        expect(target).toBeDefined();
        expect(PROVINCES_2025[target!]!.mergedFrom).toContain(code);
        expect(mapToScheme(code, '2004')).toBe(code);
        expect(Object.values(PROVINCES_2025).filter((u) => u.mergedFrom.includes(code))).toHaveLength(1);
      }
    });

    it('Bình Định (52) becomes Gia Lai on 1/7/2025', () => {
      expect(mapToScheme('52', '2004')).toBe('52');
      expect(mapToScheme('52', '2025')).toBe('52');
      expect(PROVINCES_2025['52']?.name).toBe('Gia Lai');
      expect(mapToScheme('64', '2025')).toBe('52'); // Gia Lai (old) too
      expect(unitOn('52', '2025-06-30')).toMatchObject({ scheme: '2004', name: 'Bình Định' });
      expect(unitOn('52', '2025-07-01')).toMatchObject({ scheme: '2025', name: 'Gia Lai' });
    });

    it('Hà Nội is unchanged', () => {
      expect(mapToScheme('01', '2025')).toBe('01');
      expect(PROVINCES_2025['01']).toMatchObject({ code: '01', name: 'Hà Nội', mergedFrom: ['01'] });
      expect(unitOn('01', '2010-01-01')?.name).toBe('Hà Nội');
      expect(unitOn('01', '2026-01-01')?.name).toBe('Hà Nội');
    });

    it('the scheme follows the rule table: 2004 until 30/6/2025, 2025 from 1/7/2025, with legal bases', () => {
      expect(PROVINCE_UNITS.versions.map((v) => v.effectiveFrom)).toEqual(['2004-01-01', '2025-07-01']);
      expect(versionInForce(PROVINCE_UNITS, '2025-07-01').legalBasis).toContain('NQ 202/2025/QH15');
      expect(versionInForce(PROVINCE_UNITS, '2020-01-01').legalBasis).toContain('QĐ 124/2004/QĐ-TTg');
      expect(schemeOn('2025-06-30')).toBe('2004');
      expect(schemeOn('2025-07-01')).toBe('2025');
      expect(() => unitOn('52', '2003-12-31')).toThrow(RuleViolationError);
    });
  });

  describe('lookups', () => {
    it('provinceOf reads a bare code as a 2004 code, or in the scheme it is given', () => {
      expect(provinceOf('52')?.name).toBe('Bình Định');
      expect(provinceOf('52', '2004')?.name).toBe('Bình Định');
      expect(provinceOf('52', '2025')?.name).toBe('Gia Lai');
      expect(provinceOf('64', '2025')).toBeUndefined(); // Gia Lai's old code is not a 2025 code
      expect(regionOf('52', '2025')).toBe('btb-dhmt');
      expect(regionOf('64')).toBe('tay-nguyen');
    });

    it('an unknown code gives undefined; requireProvince rejects it with a RuleViolationError', () => {
      for (const code of ['BGI', '28', '00', '']) {
        expect(provinceOf(code)).toBeUndefined();
        expect(regionOf(code)).toBeUndefined();
        expect(mapToScheme(code, '2025')).toBeUndefined();
        expect(unitOn(code, '2026-01-01')).toBeUndefined();
      }
      expect(requireProvince('52').name).toBe('Bình Định');
      expect(() => requireProvince('BGI')).toThrow(RuleViolationError);
      expect(() => requireProvince('64', '2025')).toThrow(expect.objectContaining({ ruleId: 'province-code', kind: 'rule-violation' }));
    });

    it('provincesIn lists a scheme in code order', () => {
      expect(provincesIn('2004').map((p) => p.code)).toEqual([...OLD_CODES].sort());
      expect(provincesIn('2025').map((p) => p.code)).toEqual([...NEW_CODES].sort());
      expect(provincesIn('2004')[0]?.name).toBe('Hà Nội');
    });
  });

  describe('requireProvinceOn: the code an act of that day may use', () => {
    it('takes the 63 codes until 30/6/2025 and the 34 from 1/7/2025', () => {
      expect(requireProvinceOn('54', '2025-06-30').name).toBe('Phú Yên');
      expect(() => requireProvinceOn('54', '2025-07-01')).toThrow(InvalidCommandError);
      expect(requireProvinceOn('66', '2025-07-01').name).toBe('Đắk Lắk');
      expect(requireProvinceOn('52', '2016-04-10').name).toBe('Bình Định');
      expect(requireProvinceOn('52', '2026-12-03').name).toBe('Gia Lai');
    });

    it('refuses what is not a code of the table: unknown, full-width digits, letters, padding, prototype keys', () => {
      for (const code of ['99', '53', '\uff15\uff12', 'XX', ' 52', '52 ', '052', '', 'constructor', '__proto__', 'toString']) {
        expect(() => requireProvinceOn(code, '2026-12-03')).toThrow(expect.objectContaining({ field: 'province' }));
      }
    });
  });
});
