/**
 * Registration windows. KCQG: a đề án for plan year Y is registered before 20/5 of Y−1 and the
 * province forwards it to the Cục before 15/6 (TT 36/2013/TT-BCT Art. 6, 10). KCĐP: each province
 * sets its calendar; where none is configured, KCĐP registration has no window.
 */
import { IN_FORCE } from './legal-texts';
import { ruleTable, RuleTable } from './rule-table';

export interface DayOfYear {
  readonly month: number;
  readonly day: number;
  /** Relative to the plan year: −1 = the year before. */
  readonly yearOffset: number;
}

export interface RegistrationWindow {
  /** Registration must happen strictly before this day. */
  readonly registerBefore: DayOfYear;
  /** The province forwards the dossier to the Cục strictly before this day (KCQG). */
  readonly forwardBefore?: DayOfYear;
}

export const KCQG_REGISTRATION_WINDOW = ruleTable<RegistrationWindow>('registration-window', 'Thời hạn đăng ký đề án khuyến công quốc gia', [
  {
    // Plan year 2014 was registered in 2013, before TT 36/2013 took effect: its predecessor's calendar
    // is not transcribed here, so TT 36's stands in as a labelled policy default.
    effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
    legalBasis: 'TT 46/2012/TT-BCT (mặc định chính sách: áp dụng thời hạn của TT 36/2013/TT-BCT)',
    policyDefault: true,
    value: { registerBefore: { month: 5, day: 20, yearOffset: -1 }, forwardBefore: { month: 6, day: 15, yearOffset: -1 } },
  },
  {
    effectiveFrom: IN_FORCE['TT 36/2013/TT-BCT'],
    legalBasis: 'TT 36/2013/TT-BCT Điều 6, Điều 10',
    value: { registerBefore: { month: 5, day: 20, yearOffset: -1 }, forwardBefore: { month: 6, day: 15, yearOffset: -1 } },
  },
]);

/** Per-province KCĐP registration calendars, keyed by province code. */
export type ProvinceRegistrationWindows = Readonly<Record<string, RuleTable<RegistrationWindow>>>;
