/**
 * The content catalogue: areas 1–9 of NĐ 45/2012 Art. 4 and their activity sub-rows,
 * numbered like the sub-rows of the Bình Định appendix (seed 003). Versioned like every
 * rule: NĐ 235/2025 (in force 15/10/2025) adds sustainable production/consumption and
 * digital transformation.
 */
import { IN_FORCE } from './legal-texts';
import { RuleTable, ruleTable, versionInForce } from './rule-table';
import { IsoDate } from '../shared/dates';
import { RuleViolationError } from '../shared/errors';

export const CONTENT_AREAS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export type ContentArea = (typeof CONTENT_AREAS)[number];

export const ROMAN: Readonly<Record<ContentArea, string>> = {
  '1': 'I',
  '2': 'II',
  '3': 'III',
  '4': 'IV',
  '5': 'V',
  '6': 'VI',
  '7': 'VII',
  '8': 'VIII',
  '9': 'IX',
};

export const AREA_LABELS: Readonly<Record<ContentArea, string>> = {
  '1': 'Đào tạo nghề, truyền nghề và nâng cao tay nghề',
  '2': 'Nâng cao năng lực quản lý cho các cơ sở công nghiệp nông thôn, nhận thức và năng lực áp dụng sản xuất sạch hơn',
  '3': 'Xây dựng mô hình trình diễn kỹ thuật; chuyển giao công nghệ và ứng dụng máy móc tiên tiến, tiến bộ khoa học kỹ thuật vào sản xuất công nghiệp - tiểu thủ công nghiệp; xây dựng các mô hình thí điểm về áp dụng sản xuất sạch hơn',
  '4': 'Phát triển sản phẩm công nghiệp nông thôn tiêu biểu',
  '5': 'Tư vấn, trợ giúp các cơ sở công nghiệp nông thôn',
  '6': 'Cung cấp thông tin về các chính sách phát triển công nghiệp, khuyến công',
  '7': 'Hỗ trợ liên doanh liên kết, hợp tác kinh tế, phát triển các cụm công nghiệp và di dời cơ sở gây ô nhiễm môi trường',
  '8': 'Hợp tác quốc tế về khuyến công',
  '9': 'Nâng cao năng lực quản lý và tổ chức thực hiện',
};

/**
 * What kind of act an activity is: support caps, advance rules and settlement shares are
 * keyed by kind, so a new activity only has to say which kind it is.
 */
export type ActivityKind =
  | 'training'
  | 'management'
  | 'demonstration-model'
  | 'technology-transfer'
  | 'machinery'
  | 'cleaner-production'
  | 'fair-organisation'
  | 'fair-participation'
  | 'brand'
  | 'contest'
  | 'showroom'
  | 'consulting'
  | 'enterprise-setup'
  | 'information'
  | 'association'
  | 'ccn-planning'
  | 'ccn-infrastructure'
  | 'ccn-pollution'
  | 'facility-pollution'
  | 'international'
  | 'capacity'
  | 'digital-transformation'
  | 'sustainable-production';

export interface Activity {
  readonly code: string; // `<area>.<n>`
  readonly area: ContentArea;
  readonly label: string;
  readonly kind: ActivityKind;
}

const a = (code: string, kind: ActivityKind, label: string): Activity => ({
  code,
  kind,
  label,
  area: code.split('.')[0] as ContentArea,
});

const NĐ45_ACTIVITIES: readonly Activity[] = [
  a('1.1', 'training', 'Hỗ trợ đào tạo nghề, truyền nghề cho lao động'),
  a('1.2', 'training', 'Hỗ trợ đào tạo nâng cao tay nghề'),
  a('2.1', 'management', 'Hỗ trợ đào tạo khởi sự doanh nghiệp'),
  a('2.2', 'management', 'Hỗ trợ đào tạo nâng cao năng lực quản lý'),
  a('2.3', 'management', 'Hỗ trợ tổ chức hội thảo, tập huấn theo chuyên đề'),
  a('2.4', 'management', 'Hỗ trợ tham quan khảo sát trong nước'),
  a('2.5', 'management', 'Hỗ trợ tham quan, khảo sát ngoài nước'),
  a('3.1', 'demonstration-model', 'Hỗ trợ xây dựng mô hình trình diễn kỹ thuật'),
  a('3.2', 'technology-transfer', 'Hỗ trợ chuyển giao công nghệ và tiến bộ khoa học kỹ thuật'),
  a('3.3', 'machinery', 'Hỗ trợ ứng dụng máy móc, thiết bị tiên tiến'),
  a('3.4', 'cleaner-production', 'Hỗ trợ đánh giá sản xuất sạch hơn'),
  a('4.1', 'fair-organisation', 'Hỗ trợ tổ chức hội chợ, triển lãm hàng công nghiệp nông thôn tiêu biểu các cấp'),
  a('4.2', 'fair-participation', 'Hỗ trợ cơ sở công nghiệp nông thôn tham gia hội chợ triển lãm'),
  a('4.3', 'brand', 'Hỗ trợ cơ sở công nghiệp nông thôn xây dựng, đăng ký thương hiệu'),
  a('4.4', 'contest', 'Hỗ trợ phát triển sản phẩm công nghiệp nông thôn tiêu biểu thông qua bình chọn'),
  a('4.5', 'contest', 'Hỗ trợ thi thiết kế, chế tác sản phẩm thủ công mỹ nghệ'),
  a('4.6', 'showroom', 'Chi phí trưng bày sản phẩm thủ công mỹ nghệ đạt giải'),
  a('4.7', 'showroom', 'Khác: Hỗ trợ đầu tư phòng trưng bày để giới thiệu quảng bá sản phẩm'),
  a('4.8', 'management', 'Khác: Tổ chức thăm các cơ sở CNNT tiêu biểu nhân ngày Doanh nhân Việt Nam'),
  a(
    '5.1',
    'consulting',
    'Hỗ trợ tư vấn cho các cơ sở công nghiệp nông thôn (lập dự án đầu tư, marketing, quản lý, thiết kế mẫu mã, ứng dụng công nghệ…)',
  ),
  a('5.2', 'enterprise-setup', 'Hỗ trợ thành lập doanh nghiệp công nghiệp nông thôn'),
  a('6.1', 'information', 'Hỗ trợ xây dựng trung tâm dữ liệu điện tử, trang Website'),
  a('6.2', 'information', 'Hỗ trợ xuất bản bản tin/ấn phẩm'),
  a('6.3', 'information', 'Hỗ trợ xây dựng chương trình truyền hình, truyền thanh'),
  a('6.4', 'information', 'Hỗ trợ các hình thức tuyên truyền khác'),
  a('7.1', 'association', 'Hỗ trợ thành lập hiệp hội, hội ngành nghề'),
  a('7.2', 'association', 'Hỗ trợ xây dựng cụm liên kết doanh nghiệp công nghiệp'),
  a('7.3', 'ccn-planning', 'Hỗ trợ lập quy hoạch chi tiết cụm công nghiệp, làng nghề'),
  a('7.4', 'ccn-infrastructure', 'Hỗ trợ đầu tư xây dựng kết cấu hạ tầng CCN, làng nghề'),
  a('7.5', 'ccn-pollution', 'Hỗ trợ xây dựng hệ thống xử lý ô nhiễm môi trường tại các cụm công nghiệp'),
  a('7.6', 'facility-pollution', 'Hỗ trợ xây dựng hệ thống xử lý ô nhiễm môi trường tại các cơ sở CNNT'),
  a('8.1', 'international', 'Tham gia thực hiện các chương trình, đề án, dự án hợp tác quốc tế về khuyến công, sản xuất sạch hơn'),
  a('8.2', 'international', 'Trao đổi học tập kinh nghiệm với các tổ chức cá nhân nước ngoài'),
  a('8.3', 'international', 'Nâng cao năng lực cán bộ khuyến công theo chương trình hợp tác quốc tế, học tập khảo sát ngoài nước'),
  a('9.1', 'capacity', 'Hỗ trợ tổ chức đào tạo, tập huấn, bồi dưỡng chuyên môn, nghiệp vụ cho cán bộ làm công tác khuyến công'),
  a('9.2', 'capacity', 'Tổ chức tham quan khảo sát học tập kinh nghiệm trong nước'),
  a('9.3', 'capacity', 'Chi đầu tư cơ sở vật chất, phương tiện làm việc cho các Trung tâm khuyến công'),
  a('9.4', 'capacity', 'Hỗ trợ xây dựng hệ thống mạng lưới cộng tác viên khuyến công'),
  a('9.5', 'capacity', 'Xây dựng chương trình khuyến công từng giai đoạn; kế hoạch khuyến công hàng năm'),
  a('9.6', 'capacity', 'Kiểm tra, giám sát, hướng dẫn triển khai thực hiện các chương trình, kế hoạch, đề án khuyến công'),
  a('9.7', 'capacity', 'Khác: Hội nghị đánh giá, sơ kết, tổng kết hoạt động khuyến công'),
  a('9.8', 'capacity', 'Khác: Tổ chức hội nghị tổng kết chương trình khuyến công của tỉnh'),
];

export const CONTENT_CATALOGUE = ruleTable<readonly Activity[]>('content-catalogue', 'Danh mục nội dung hoạt động khuyến công', [
  { effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'], legalBasis: 'NĐ 45/2012/NĐ-CP Điều 4', value: NĐ45_ACTIVITIES },
  {
    effectiveFrom: IN_FORCE['NĐ 235/2025/NĐ-CP'],
    legalBasis: 'NĐ 45/2012/NĐ-CP Điều 4, sửa đổi bởi NĐ 235/2025/NĐ-CP',
    value: [
      ...NĐ45_ACTIVITIES,
      a('3.5', 'sustainable-production', 'Hỗ trợ áp dụng sản xuất và tiêu dùng bền vững'),
      a('3.6', 'digital-transformation', 'Hỗ trợ chuyển đổi số cho cơ sở công nghiệp nông thôn'),
    ],
  },
]);

/** The activity `code` of area `area` as the catalogue in force on `day` defines it. */
export function activityInForce(area: string, code: string, day: IsoDate, table: RuleTable<readonly Activity[]> = CONTENT_CATALOGUE): Activity {
  const catalogue = versionInForce(table, day);
  const activity = catalogue.value.find((candidate) => candidate.code === code);
  if (!activity || activity.area !== area) {
    throw new RuleViolationError(
      'content-catalogue',
      catalogue.legalBasis,
      `Nội dung ${code} không thuộc lĩnh vực ${area} trong danh mục có hiệu lực ngày ${day}`,
      { area, activity: code, day },
    );
  }
  return activity;
}
