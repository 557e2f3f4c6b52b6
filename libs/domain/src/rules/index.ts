import { ADVANCE_RULES, AdvancePolicy } from './advances';
import { APPRAISAL_QUORUM } from './appraisal';
import { CONTENT_CATALOGUE, Activity } from './catalogue';
import { KCQG_REGISTRATION_WINDOW, ProvinceRegistrationWindows, RegistrationWindow } from './registration-window';
import { RuleTable } from './rule-table';
import { SETTLEMENT_FORMULA } from './settlement';
import { NATIONAL_SUPPORT_CAPS, PROVINCE_SUPPORT_CAPS, ProvinceCapTables, CapSchedule } from './support-caps';

export * from './rule-table';
export * from './legal-texts';
export * from './levels';
export * from './indicators';
export * from './catalogue';
export * from './support-caps';
export * from './advances';
export * from './settlement';
export * from './registration-window';
export * from './deadline-policy';
export * from './appraisal';
export * from './provinces';
export * from './working-calendar';

/** Every table a decider consults; a deployment may replace any of them with its own data. */
export interface RuleBook {
  readonly catalogue: RuleTable<readonly Activity[]>;
  readonly nationalCaps: RuleTable<CapSchedule>;
  readonly provinceCaps: ProvinceCapTables;
  readonly advances: RuleTable<AdvancePolicy>;
  readonly kcqgRegistration: RuleTable<RegistrationWindow>;
  readonly provinceRegistration: ProvinceRegistrationWindows;
  readonly appraisalQuorum: typeof APPRAISAL_QUORUM;
  readonly settlement: typeof SETTLEMENT_FORMULA;
}

export const DEFAULT_RULES: RuleBook = {
  catalogue: CONTENT_CATALOGUE,
  nationalCaps: NATIONAL_SUPPORT_CAPS,
  provinceCaps: PROVINCE_SUPPORT_CAPS,
  advances: ADVANCE_RULES,
  kcqgRegistration: KCQG_REGISTRATION_WINDOW,
  provinceRegistration: {},
  appraisalQuorum: APPRAISAL_QUORUM,
  settlement: SETTLEMENT_FORMULA,
};
