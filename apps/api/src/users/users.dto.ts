/** The bodies and queries of sign-in and the user directory (docs/API.md). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ORGANISATION_ID, ROLES, USERNAME } from '@app/domain';

const USERNAME_MESSAGE = 'gồm 3–64 chữ thường không dấu, chữ số, ".", "_", "-" hoặc "@"';
const ROLE_MESSAGE = `phải là một trong ${ROLES.join(', ')}`;
const PROVINCE = /^\d{2}$/;

/** One message per missing or malformed field: what the sign-in form shows under it. */
export class LoginDto {
  @ApiProperty({ example: 'admin' }) @Matches(/^[\s\S]{1,200}$/, { message: 'bắt buộc (tối đa 200 ký tự)' }) username!: string;
  @ApiProperty() @Matches(/^[\s\S]{1,1000}$/, { message: 'bắt buộc (tối đa 1000 ký tự)' }) password!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'cb.binhdinh' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  username!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) @IsString() @MinLength(1, { message: 'không được để trống' }) @MaxLength(200) displayName!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: ROLE_MESSAGE }) role!: (typeof ROLES)[number];
  @ApiPropertyOptional({ description: 'Mã tổ chức (doanh nghiệp)' })
  @IsOptional()
  @Matches(ORGANISATION_ID, { message: 'mã tổ chức không hợp lệ' })
  org?: string;
  @ApiPropertyOptional({ description: 'Mã tỉnh (cán bộ cấp tỉnh)', example: '52' })
  @IsOptional()
  @Matches(PROVINCE, { message: 'mã tỉnh gồm 2 chữ số' })
  province?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'không phải địa chỉ thư điện tử hợp lệ' }) @MaxLength(254) email?: string;
  @ApiPropertyOptional({ description: 'Có thể được cử vào hội đồng thẩm định, nghiệm thu' })
  @IsOptional()
  @IsBoolean({ message: 'phải là true hoặc false' })
  councilEligible?: boolean;
  @ApiProperty({ description: 'Mật khẩu ban đầu, ít nhất 12 ký tự' })
  @IsString()
  @MinLength(12, { message: 'mật khẩu phải có ít nhất 12 ký tự' })
  @MaxLength(200)
  password!: string;
}

/** `null` clears org, province or email. */
export class ChangeUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1, { message: 'không được để trống' }) @MaxLength(200) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES, { message: ROLE_MESSAGE }) role?: (typeof ROLES)[number];
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(ORGANISATION_ID, { message: 'mã tổ chức không hợp lệ' })
  org?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(PROVINCE, { message: 'mã tỉnh gồm 2 chữ số' })
  province?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail({}, { message: 'không phải địa chỉ thư điện tử hợp lệ' })
  email?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'phải là true hoặc false' }) councilEligible?: boolean;
  @ApiPropertyOptional({ description: 'true: vô hiệu hoá (mọi phiên đăng nhập kết thúc ngay); false: mở lại' })
  @IsOptional()
  @IsBoolean({ message: 'phải là true hoặc false' })
  disabled?: boolean;
  @ApiPropertyOptional({ description: 'Đặt lại mật khẩu (cũng mở khoá tài khoản bị khoá do đăng nhập sai)' })
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'mật khẩu phải có ít nhất 12 ký tự' })
  @MaxLength(200)
  password?: string;
  @ApiPropertyOptional({ description: 'true: mở khoá tài khoản bị khoá do đăng nhập sai nhiều lần' })
  @IsOptional()
  @IsIn([true], { message: 'chỉ nhận true' })
  unlock?: true;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES, { message: ROLE_MESSAGE }) role?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(PROVINCE, { message: 'mã tỉnh gồm 2 chữ số' }) province?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false'], { message: 'phải là true hoặc false' }) councilEligible?:
    'true' | 'false';
  @ApiPropertyOptional({ enum: ['Active', 'Disabled'] })
  @IsOptional()
  @IsIn(['Active', 'Disabled'], { message: 'phải là Active hoặc Disabled' })
  status?: string;
}
