/**
 * The day each legal text the rule tables cite came into force (docs/DOMAIN.md, "Second pass"). The
 * tables take their effective dates from here, so that a date is corrected once for every rule.
 */
import { IsoDate } from '../shared/dates';

export const IN_FORCE = {
  /** NĐ 45/2012/NĐ-CP, khuyến công (with TT 46/2012/TT-BCT and TTLT 125/2009 until their successors). */
  'NĐ 45/2012/NĐ-CP': '2012-07-05',
  /** TT 36/2013/TT-BCT: đề án khuyến công quốc gia, from registration to settlement. */
  'TT 36/2013/TT-BCT': '2014-02-10',
  /** TTLT 26/2014/TTLT-BTC-BCT: funding and its caps, until TT 28/2018 replaced it. */
  'TTLT 26/2014/TTLT-BTC-BCT': '2014-04-08',
  /** TT 28/2018/TT-BTC: funding and its caps (amended by TT 64/2024/TT-BTC). */
  'TT 28/2018/TT-BTC': '2018-05-11',
  /** Luật Tổ chức chính quyền địa phương 2025: two-tier local government, no more districts. */
  'Luật Tổ chức chính quyền địa phương 2025': '2025-07-01',
  /** NĐ 235/2025/NĐ-CP, amending NĐ 45/2012: new content areas. */
  'NĐ 235/2025/NĐ-CP': '2025-10-15',
} as const satisfies Record<string, IsoDate>;
