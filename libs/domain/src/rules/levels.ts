/**
 * The level a đề án and a plan belong to (docs/DOMAIN.md, "Second pass"): the Ministry's national
 * programme, or the local one of a province, a district or a commune. District-level government
 * ended with the two-tier local government of 01/7/2025 (Luật Tổ chức chính quyền địa phương 2025),
 * the day the 34-province map took effect (provinces.ts).
 */
import { IN_FORCE } from './legal-texts';
import { IsoDate } from '../shared/dates';
import { RuleViolationError } from '../shared/errors';

export const LEVELS = ['central', 'province', 'district', 'commune'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  central: 'Trung ương',
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
};

/** The first day a level no longer exists. */
const LEVEL_ENDED: Readonly<Partial<Record<Level, IsoDate>>> = { district: IN_FORCE['Luật Tổ chức chính quyền địa phương 2025'] };
const LEVEL_BASIS = 'Luật Tổ chức chính quyền địa phương 2025 (chính quyền địa phương hai cấp từ 01/7/2025)';

/** A level an act dated `day` may use: not the districts after the 2025 reform. */
export function requireLevelOn(level: Level, day: IsoDate): Level {
  const ended = LEVEL_ENDED[level];
  if (ended !== undefined && day >= ended) {
    throw new RuleViolationError('level-in-force', LEVEL_BASIS, `${LEVEL_LABELS[level]} không còn từ ngày ${ended}: chọn cấp tỉnh hoặc cấp xã`, {
      level,
      day,
    });
  }
  return level;
}
