/** Request bodies of the đề án and plan endpoints (docs/API.md), validated at the edge and by the import with the same rules. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ADJUSTMENT_KINDS, Level, LEVELS, PERIOD_FUNDING_SOURCES, PeriodFundingSource } from '@app/domain';
import { IsDong, IsIsoDateField, ListOf, OrganisationId, ProvinceCode, Text } from './validators';

const CONTENT_AREAS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export class ResultLineDto {
  @ApiPropertyOptional({ description: 'Mã danh mục (bỏ trống nếu ngoài danh mục), ví dụ 3.may-moc', example: '3.may-moc' })
  @IsOptional()
  @Matches(/^[1-9]\.[a-z0-9-]{1,60}$/, { message: 'mã chỉ tiêu dạng <lĩnh vực>.<tên>, ví dụ 3.may-moc' })
  code?: string;
  @Text(500, 'Chỉ tiêu') indicator!: string;
  @ApiProperty({ minimum: 0 }) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'phải là số' }) @Min(0) @Max(1e12) quantity!: number;
  @Text(100, 'Đơn vị tính') unit!: string;
}

export class BeneficiaryDto {
  @Text(500, 'Tên cơ sở thụ hưởng') name!: string;
  @ApiProperty({ enum: ['enterprise', 'cooperative', 'household', 'agency'] })
  @IsIn(['enterprise', 'cooperative', 'household', 'agency'], { message: 'phải là enterprise, cooperative, household hoặc agency' })
  kind!: 'enterprise' | 'cooperative' | 'household' | 'agency';
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{10}(-\d{3})?$/, { message: 'mã số thuế gồm 10 chữ số (hoặc 13 với chi nhánh)' })
  taxCode?: string;
}

export class EstablishmentDto extends BeneficiaryDto {
  @IsDong('Kinh phí hỗ trợ cơ sở') support!: number;
}

export class BudgetDto {
  @IsDong('Tổng kinh phí') totalCost!: number;
  @IsDong('Kinh phí đề nghị hỗ trợ') requestedSupport!: number;
  @IsDong('Vốn đối ứng') counterpartFunds!: number;
  @IsDong('Giá trị máy móc thiết bị') machineryValue!: number;
}

export class ScheduleDto {
  @IsIsoDateField('Bắt đầu') start!: string;
  @IsIsoDateField('Kết thúc') end!: string;
}

export class AttachmentDto {
  @Text(255) name!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) @Matches(/^[0-9a-f]{64}$/, { message: 'phải là SHA-256 dạng hex' }) sha256!: string;
}

export class SupplementaryDto {
  @Text(2_000, 'Lý do đăng ký bổ sung ngoài thời hạn') reason!: string;
}

export class RegisterDeAnDto {
  @Text(500, 'Tên đề án') title!: string;
  @ApiProperty({ enum: CONTENT_AREAS }) @IsIn(CONTENT_AREAS, { message: 'phải là lĩnh vực "1" … "9"' }) contentArea!:
    '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
  @ApiProperty({ example: '3.3' }) @Matches(/^[1-9]\.\d{1,2}$/, { message: 'phải có dạng <lĩnh vực>.<số>, ví dụ 3.3' }) activity!: string;
  @ApiProperty({ enum: ['KCQG', 'KCDP'] }) @IsIn(['KCQG', 'KCDP'], { message: 'phải là KCQG hoặc KCDP' }) fundingSource!: 'KCQG' | 'KCDP';
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS, { message: `phải là ${LEVELS.join(', ')}` }) level!: Level;
  @ApiProperty({ example: 2026 }) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) planYear!: number;
  @ProvinceCode() province!: string;
  @Text(500, 'Địa bàn') locality!: string;
  @Text(500, 'Đơn vị thực hiện') implementingUnit!: string;
  @ApiProperty({ type: BeneficiaryDto }) @ValidateNested() @Type(() => BeneficiaryDto) beneficiary!: BeneficiaryDto;
  @ListOf(() => EstablishmentDto, 1_000, {
    optional: true,
    description: 'Các cơ sở thụ hưởng của đề án nhóm (từ 2 cơ sở; cộng lại bằng kinh phí đề nghị, mức tối đa tính cho từng cơ sở)',
  })
  establishments?: EstablishmentDto[];
  @ApiProperty() @IsBoolean({ message: 'phải là true/false' }) priorityArea!: boolean;
  @ApiProperty() @IsBoolean({ message: 'phải là true/false' }) prioritySector!: boolean;
  @ApiProperty({ type: BudgetDto }) @ValidateNested() @Type(() => BudgetDto) budget!: BudgetDto;
  @ListOf(() => ResultLineDto, 100)
  expectedResults!: ResultLineDto[];
  @ApiProperty({ type: ScheduleDto }) @ValidateNested() @Type(() => ScheduleDto) schedule!: ScheduleDto;
  @ListOf(() => AttachmentDto, 100)
  attachments!: AttachmentDto[];
  @OrganisationId('Tổ chức chủ đề án (cán bộ đăng ký thay); người nộp là doanh nghiệp thì lấy từ token', true) organisation?: string;
  @ApiPropertyOptional({ type: SupplementaryDto }) @IsOptional() @ValidateNested() @Type(() => SupplementaryDto) supplementary?: SupplementaryDto;
}

export class CouncilMemberDto {
  @Text(200) sub!: string;
  @Text(200) name!: string;
}

export class AssignCouncilDto {
  @ListOf(() => CouncilMemberDto, 25, { min: 1 })
  members!: CouncilMemberDto[];
  @Text(200, 'sub của chủ tịch hội đồng') chair!: string;
}

export class SubmitReviewDto {
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsInt({ message: 'phải là số nguyên' }) @Min(0) @Max(100) score!: number;
  @ApiProperty({ enum: ['approve', 'revise', 'reject'] })
  @IsIn(['approve', 'revise', 'reject'], { message: 'phải là approve, revise hoặc reject' })
  recommendation!: 'approve' | 'revise' | 'reject';
  @Text(5_000, 'Nhận xét', true) comments?: string;
  @ApiProperty() @IsBoolean({ message: 'phải là true/false' }) conflictOfInterest!: boolean;
}

export class RevisionRequestDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2_000, { each: true })
  items!: string[];
  @IsIsoDateField('Hạn bổ sung') dueDate!: string;
}

export class RevisionChangesDto {
  @Text(500, undefined, true) title?: string;
  @Text(500, undefined, true) locality?: string;
  @Text(500, undefined, true) implementingUnit?: string;
  @ApiPropertyOptional({ type: BeneficiaryDto }) @IsOptional() @ValidateNested() @Type(() => BeneficiaryDto) beneficiary?: BeneficiaryDto;
  @ListOf(() => EstablishmentDto, 1_000, { optional: true })
  establishments?: EstablishmentDto[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() priorityArea?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() prioritySector?: boolean;
  @ApiPropertyOptional({ type: BudgetDto }) @IsOptional() @ValidateNested() @Type(() => BudgetDto) budget?: BudgetDto;
  @ListOf(() => ResultLineDto, 100, { optional: true })
  expectedResults?: ResultLineDto[];
  @ApiPropertyOptional({ type: ScheduleDto }) @IsOptional() @ValidateNested() @Type(() => ScheduleDto) schedule?: ScheduleDto;
  @ListOf(() => AttachmentDto, 100, { optional: true })
  attachments?: AttachmentDto[];
}

export class RevisionDto {
  @ApiProperty({ type: RevisionChangesDto }) @IsObject() @ValidateNested() @Type(() => RevisionChangesDto) changes!: RevisionChangesDto;
  @Text(2_000, 'Ghi chú', true) note?: string;
}

export class AppraisalDto {
  @ApiProperty({ enum: ['passed', 'failed'] }) @IsIn(['passed', 'failed'], { message: 'phải là passed hoặc failed' }) result!: 'passed' | 'failed';
  @IsDong('Kinh phí hội đồng đề xuất') recommendedSupport!: number;
  @IsDong('Định giá máy móc thiết bị khi thẩm định') machineryValuation!: number;
  @Text(100, 'Số biên bản') minutesNo!: string;
}

export class ApprovalDto {
  @Text(100, 'Số quyết định') decisionNo!: string;
  @IsIsoDateField('Ngày quyết định') decisionDate!: string;
  @IsDong('Kinh phí phê duyệt') approvedSupport!: number;
  @Text(100, 'Mã kế hoạch') planId!: string;
  @ApiPropertyOptional({ description: 'Xác nhận ưu tiên đề án đề nghị (mức hỗ trợ đến 1,5 lần)' })
  @IsOptional()
  @IsBoolean({ message: 'phải là true/false' })
  priorityConfirmed?: boolean;
}

export class ProgressConfirmationDto {
  @ApiProperty({ description: 'Kỳ báo cáo tiến độ được xác nhận (YYYY-MM, kỳ gần nhất)', example: '2027-06' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'phải có dạng YYYY-MM' })
  period!: string;
}

export class ForwardingDto {
  @Text(100, 'Số công văn gửi Bộ') dispatchNo!: string;
}

export class ReasonDto {
  @Text(2_000, 'Lý do') reason!: string;
}

export class ContractDto {
  @Text(100, 'Số hợp đồng') contractNo!: string;
  @IsIsoDateField('Ngày ký') signedDate!: string;
  @IsIsoDateField('Ngày kết thúc') endDate!: string;
  @ApiProperty({ enum: ['review', 'tender'] })
  @IsIn(['review', 'tender'], { message: 'phải là review (xét chọn) hoặc tender (đấu thầu)' })
  selection!: 'review' | 'tender';
}

export class AdvanceDto {
  @IsDong('Số tiền tạm ứng') amount!: number;
  @IsIsoDateField('Ngày chi') paidDate!: string;
}

export class ProgressDto {
  @ApiProperty({ example: '2026-06' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'phải có dạng YYYY-MM' }) period!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsInt({ message: 'phải là số nguyên' }) @Min(0) @Max(100) percentComplete!: number;
  @IsDong('Giá trị đã đầu tư') investedAmount!: number;
  @Text(5_000, 'Ghi chú', true) notes?: string;
}

export class AdjustmentProposalDto {
  @IsIsoDateField('Ngày kết thúc mới', true) endDate?: string;
  @IsDong('Kinh phí hỗ trợ mới', true) approvedSupport?: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', maxLength: 500 }, maxProperties: 20 })
  @IsOptional()
  @IsObject({ message: 'phải là đối tượng' })
  @ValidateBy({
    name: 'isTextRecord',
    validator: {
      validate: (value) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 20 &&
        Object.values(value).every((v) => typeof v === 'string' && v.length <= 500),
      defaultMessage: () => 'mỗi nội dung điều chỉnh phải là chuỗi ký tự (tối đa 20 mục, 500 ký tự mỗi mục)',
    },
  })
  changes?: Record<string, string>;
}

export class AdjustmentDto {
  @ApiProperty({ enum: ADJUSTMENT_KINDS })
  @IsIn(ADJUSTMENT_KINDS, { message: 'loại điều chỉnh không hợp lệ' })
  kind!: (typeof ADJUSTMENT_KINDS)[number];
  @ApiProperty({ type: AdjustmentProposalDto })
  @IsDefined({ message: 'không được để trống' })
  @IsObject({ message: 'phải là đối tượng' })
  @ValidateNested()
  @Type(() => AdjustmentProposalDto)
  proposed!: AdjustmentProposalDto;
  @Text(2_000, 'Lý do') reason!: string;
}

export class AdjustmentDecisionDto {
  @ApiProperty() @IsBoolean({ message: 'phải là true/false' }) approved!: boolean;
  @Text(100, 'Số quyết định') decisionNo!: string;
}

export class InspectionDto {
  @IsIsoDateField('Ngày kiểm tra') date!: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  inspectors!: string[];
  @ApiProperty({ enum: ['satisfactory', 'issues', 'violation'] })
  @IsIn(['satisfactory', 'issues', 'violation'], { message: 'phải là satisfactory, issues hoặc violation' })
  result!: 'satisfactory' | 'issues' | 'violation';
  @Text(5_000, 'Kết luận', true) findings?: string;
}

export class DecisionDto {
  @Text(2_000, 'Lý do') reason!: string;
  @Text(100, 'Số quyết định') decisionNo!: string;
}

export class StopDto extends DecisionDto {
  @IsDong('Số tiền thu hồi') recoverAmount!: number;
}

export class CompletionDto {
  @IsIsoDateField('Ngày hoàn thành') completedDate!: string;
  @ListOf(() => ResultLineDto, 100)
  actualResults!: ResultLineDto[];
  @IsDong('Chi phí thực tế') actualCost!: number;
  @IsDong('Giá trị máy móc thiết bị') machineryValue!: number;
}

export class AcceptanceDto {
  @ApiProperty({ enum: ['passed', 'failed'] }) @IsIn(['passed', 'failed'], { message: 'phải là passed hoặc failed' }) result!: 'passed' | 'failed';
  @ListOf(() => ResultLineDto, 100)
  acceptedResults!: ResultLineDto[];
  @IsDong('Chi phí được nghiệm thu') acceptedCost!: number;
  @IsDong('Định giá máy móc khi nghiệm thu') machineryValuation!: number;
  @Text(100, 'Số biên bản') minutesNo!: string;
  @IsIsoDateField('Ngày nghiệm thu') date!: string;
}

export class SettlementDto {
  @IsDong('Kinh phí quyết toán') settledSupport!: number;
  @Text(100, 'Số quyết định') decisionNo!: string;
  @IsIsoDateField('Ngày quyết toán') date!: string;
}

export class CreatePlanDto {
  @ApiProperty({ example: 2026 }) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ enum: ['KCQG', 'KCDP'] }) @IsIn(['KCQG', 'KCDP'], { message: 'phải là KCQG hoặc KCDP' }) fundingSource!: 'KCQG' | 'KCDP';
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS, { message: `phải là ${LEVELS.join(', ')}` }) level!: Level;
  @ProvinceCode('Mã tỉnh (bắt buộc với KCĐP)', true) province?: string;
  @IsDong('Dự toán được giao') allocation!: number;
  @ApiPropertyOptional({ type: [ResultLineDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ResultLineDto)
  targets: ResultLineDto[] = [];
  @ApiPropertyOptional({ description: 'Kế hoạch giai đoạn chứa kế hoạch năm này' })
  @IsOptional()
  @Text(100, 'Kế hoạch giai đoạn')
  periodPlanId?: string;
}

/** POST /plans/:id/carry-over (NĐ 45/2012 Điều 14.4). */
export class CarryOverDto {
  @Text(100, 'Kế hoạch năm sau nhận kinh phí') toPlanId!: string;
  @IsDong('Kinh phí chuyển sang năm sau') amount!: number;
  @Text(100, 'Số quyết định') decisionNo!: string;
}

export class PeriodFundingDto {
  @ApiProperty({ enum: PERIOD_FUNDING_SOURCES, description: 'Nguồn kinh phí' })
  @IsIn(PERIOD_FUNDING_SOURCES, { message: `phải là ${PERIOD_FUNDING_SOURCES.join(', ')}` })
  source!: PeriodFundingSource;
  @ApiProperty({ example: 2026, description: 'Năm' }) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) year!: number;
  @IsDong('Kinh phí') amount!: number;
}

/** A period plan: POST /period-plans (docs/API.md). */
export class CreatePeriodPlanDto {
  @Text(500, 'Tên kế hoạch giai đoạn') title!: string;
  @ProvinceCode('Mã tỉnh') province!: string;
  @ApiProperty({ enum: LEVELS, description: 'Cấp quản lý' }) @IsIn(LEVELS, { message: `phải là ${LEVELS.join(', ')}` }) level!: Level;
  @ApiProperty({ example: 2026, description: 'Từ năm' }) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) fromYear!: number;
  @ApiProperty({ example: 2030, description: 'Đến năm' }) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) toYear!: number;
  @ApiProperty({ type: [ResultLineDto], description: 'Chỉ tiêu giai đoạn' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ResultLineDto)
  targets: ResultLineDto[] = [];
  @ApiProperty({ type: [PeriodFundingDto], description: 'Kinh phí theo nguồn và năm' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PeriodFundingDto)
  funding: PeriodFundingDto[] = [];
}
