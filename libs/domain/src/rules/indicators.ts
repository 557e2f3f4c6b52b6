/**
 * The results indicators (chỉ tiêu) the provinces report, by content area, as the seed appendices use
 * them (docs/DOMAIN.md, "Second pass"): a versioned catalogue, so that a target and a result mean the
 * same thing when they carry the same code however the line's text was typed. A line without a code is
 * "other": free text, reported under its own words.
 */
import { ContentArea } from './catalogue';
import { IN_FORCE } from './legal-texts';
import { RuleTable, ruleTable, versionInForce } from './rule-table';
import { IsoDate } from '../shared/dates';
import { InvalidCommandError } from '../shared/errors';
import { ResultLine } from '../shared/messages';

export interface Indicator {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly area: ContentArea;
  /** What a quantity counts: establishments (each once), times (lượt: an establishment may count twice), or things. */
  readonly counts: 'establishments' | 'times' | 'things';
}

const i = (code: string, area: ContentArea, name: string, unit: string, counts: Indicator['counts'] = 'things'): Indicator => ({
  code,
  area,
  name,
  unit,
  counts,
});

const NĐ45_INDICATORS: readonly Indicator[] = [
  i('1.lao-dong-dao-tao', '1', 'Lao động được đào tạo nghề, truyền nghề', 'Người', 'times'),
  i('1.co-viec-lam', '1', 'Trong đó: lao động có việc làm sau đào tạo', 'Người', 'times'),
  i('2.tap-huan', '2', 'Lượt người được tập huấn, hội thảo nâng cao năng lực quản lý', 'Người', 'times'),
  i('2.doan-khao-sat', '2', 'Đoàn tham quan, khảo sát', 'Đoàn'),
  i('3.mo-hinh', '3', 'Mô hình trình diễn kỹ thuật', 'Mô hình'),
  i('3.may-moc', '3', 'Cơ sở được hỗ trợ ứng dụng máy móc thiết bị tiên tiến', 'Cơ sở', 'establishments'),
  i('3.sxsh', '3', 'Cơ sở được đánh giá sản xuất sạch hơn', 'Cơ sở', 'establishments'),
  i('4.hoi-cho', '4', 'Hội chợ, triển lãm được tổ chức', 'Hội chợ'),
  i('4.gian-hang', '4', 'Gian hàng tại hội chợ, triển lãm', 'Gian hàng'),
  i('4.luot-co-so-hoi-cho', '4', 'Lượt cơ sở tham gia hội chợ, triển lãm', 'Lượt cơ sở', 'times'),
  i('4.nhan-hieu', '4', 'Nhãn hiệu, thương hiệu được hỗ trợ xây dựng, đăng ký', 'Nhãn hiệu'),
  i('4.san-pham-du-thi', '4', 'Sản phẩm tham gia bình chọn, dự thi', 'Sản phẩm'),
  i('4.san-pham-cong-nhan', '4', 'Sản phẩm được công nhận sản phẩm CNNT tiêu biểu', 'Sản phẩm'),
  i('4.phong-trung-bay', '4', 'Phòng trưng bày giới thiệu sản phẩm', 'Phòng'),
  i('5.co-so-tu-van', '5', 'Cơ sở được tư vấn, trợ giúp', 'Cơ sở', 'establishments'),
  i('6.chuong-trinh', '6', 'Chương trình truyền hình, truyền thanh', 'Chương trình'),
  i('6.an-pham', '6', 'Ấn phẩm, tin bài tuyên truyền', 'Ấn phẩm'),
  i('7.quy-hoach', '7', 'Quy hoạch chi tiết cụm công nghiệp, làng nghề', 'Quy hoạch'),
  i('7.ha-tang-ccn', '7', 'Cụm công nghiệp được hỗ trợ hạ tầng', 'Cụm'),
  i('7.xu-ly-o-nhiem', '7', 'Hệ thống xử lý ô nhiễm môi trường được hỗ trợ', 'Hệ thống'),
  i('9.can-bo-tap-huan', '9', 'Lượt cán bộ khuyến công được tập huấn', 'Người', 'times'),
  i('9.kiem-tra', '9', 'Đợt kiểm tra, giám sát', 'Đợt'),
  i('9.hoi-nghi', '9', 'Hội nghị đánh giá, sơ kết, tổng kết', 'Hội nghị'),
];

export const INDICATOR_CATALOGUE = ruleTable<readonly Indicator[]>('indicator-catalogue', 'Danh mục chỉ tiêu kết quả khuyến công', [
  {
    effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
    legalBasis: 'Các chỉ tiêu của phụ lục báo cáo kết quả khuyến công (mặc định chính sách: tổng hợp từ báo cáo các tỉnh)',
    policyDefault: true,
    value: NĐ45_INDICATORS,
  },
]);

/** The indicator of a code on `day`, or undefined. */
export function indicatorOf(code: string, day: IsoDate, table: RuleTable<readonly Indicator[]> = INDICATOR_CATALOGUE): Indicator | undefined {
  return versionInForce(table, day).value.find((x) => x.code === code);
}

/**
 * Lines that carry a code name an indicator of the catalogue in force on `day`, in its words and unit
 * (a target and a result cannot then disagree in spelling); lines without one stay free text.
 */
export function requireIndicators(
  lines: readonly ResultLine[],
  field: string,
  day: IsoDate,
  table: RuleTable<readonly Indicator[]> = INDICATOR_CATALOGUE,
): void {
  lines.forEach((line, n) => {
    if (line.code === undefined) return;
    const indicator = indicatorOf(line.code, day, table);
    if (!indicator) throw new InvalidCommandError(`${field}[${n}].code`, `không có chỉ tiêu mã "${line.code}" trong danh mục ngày ${day}`);
    if (line.indicator !== indicator.name || line.unit !== indicator.unit) {
      throw new InvalidCommandError(`${field}[${n}].indicator`, `chỉ tiêu mã ${indicator.code} là "${indicator.name}" (${indicator.unit})`);
    }
  });
}
