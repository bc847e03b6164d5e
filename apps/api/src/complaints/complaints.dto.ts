import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsDate,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ACTIONS,
  CATEGORIES,
  CLOSE_WITHOUT_WORKS_REASONS,
  CODE_PATTERN,
  COMPLAINT_STATES,
  HOLD_REASONS,
  INTAKE_CHANNELS,
  NOTE_VISIBILITIES,
  URGENCY_FLAGS,
} from '@suivi/domain';
import type { Action } from '@suivi/domain';
import { COMPLAINT_SORTS } from '@suivi/complaints';
import type { ComplaintSort, FileComplaintCommand, TenantContactInput } from '@suivi/complaints';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class TenantContactDto implements TenantContactInput {
  @ApiProperty({ example: 'Amina Diallo' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: '06 12 34 56 78', description: 'Any usual format; stored as E.164' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional({ example: 'amina@example.org' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: ['sms', 'email', 'both', 'none'] })
  @IsOptional()
  @IsIn(['sms', 'email', 'both', 'none'])
  preferredChannel?: 'sms' | 'email' | 'both' | 'none';

  @ApiPropertyOptional({ enum: ['fr', 'en'], default: 'fr' })
  @IsOptional()
  @IsIn(['fr', 'en'])
  language?: 'fr' | 'en';
}

export class PartnerConsentDto {
  @ApiProperty({ description: 'The tenant consented to this filing on their behalf' })
  @Equals(true, { message: 'the tenant must have consented' })
  tenantConsent!: boolean;

  @ApiPropertyOptional({ example: 'CCAS-2026-0412' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  caseReference?: string;
}

export class FileComplaintDto implements FileComplaintCommand {
  @ApiProperty({ example: 'HLM-DEMO' })
  @Matches(CODE_PATTERN, { message: 'landlordCode must be an upper-case code' })
  landlordCode!: string;

  @ApiPropertyOptional({ example: 'NORD' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'agencyCode must be an upper-case code' })
  agencyCode?: string;

  @ApiPropertyOptional({ example: 'LES-TILLEULS' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'residenceCode must be an upper-case code' })
  residenceCode?: string;

  @ApiPropertyOptional({ example: 'Bât. B, 3e étage, porte 12' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  unit?: string;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: string;

  @ApiProperty({ example: 'Plus de chauffage depuis hier soir.' })
  @Transform(trim)
  @IsString()
  @Length(3, 5000)
  description!: string;

  @ApiPropertyOptional({ enum: INTAKE_CHANNELS, default: 'web' })
  @IsOptional()
  @IsIn(INTAKE_CHANNELS)
  channel: string = 'web';

  @ApiProperty({ type: TenantContactDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TenantContactDto)
  tenant!: TenantContactDto;

  @ApiPropertyOptional({ example: 'Digicode 4512B, présente après 17 h' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  accessNotes?: string;

  @ApiPropertyOptional({ description: 'The tenant agrees the contractor sees their first name and phone' })
  @IsOptional()
  @IsBoolean()
  shareContactWithContractor?: boolean;

  @ApiPropertyOptional({ enum: URGENCY_FLAGS, isArray: true, description: 'What the tenant or agent ticked' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(URGENCY_FLAGS.length)
  @IsIn(URGENCY_FLAGS, { each: true })
  flags?: string[];

  @ApiPropertyOptional({
    enum: URGENCY_FLAGS,
    isArray: true,
    description:
      'The safety questions answered "no". A question of the category in neither list is unknown: it never ' +
      'lowers the urgency and marks the complaint for staff review (SAFETY_QUESTIONS_BY_CATEGORY)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(URGENCY_FLAGS.length)
  @IsIn(URGENCY_FLAGS, { each: true })
  flagsAnsweredNo?: string[];

  @ApiPropertyOptional({ type: PartnerConsentDto, description: 'Required when a partner files' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartnerConsentDto)
  partner?: PartnerConsentDto;
}

export class AppointmentDto {
  @ApiProperty({ example: '2026-12-01T08:00:00+01:00' })
  @Type(() => Date)
  @IsDate()
  start!: Date;

  @ApiProperty({ example: '2026-12-01T10:00:00+01:00' })
  @Type(() => Date)
  @IsDate()
  end!: Date;
}

export class NoteDto {
  @ApiProperty({ enum: NOTE_VISIBILITIES })
  @IsIn(NOTE_VISIBILITIES)
  visibility!: 'public' | 'internal';

  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  text!: string;

  @ApiPropertyOptional({ description: 'When given, the note is refused if the complaint has moved on' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class TransitionDto {
  @ApiProperty({ enum: ACTIONS })
  @IsIn(ACTIONS)
  action!: Action;

  @ApiProperty({
    description: 'The version the caller last saw; a stale one gets 409 with the current state',
  })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ description: 'override_urgency: the level to set (a reason is required)' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  urgencyLevel?: string;

  @ApiPropertyOptional({ enum: CATEGORIES, description: 'acknowledge, reclassify: corrected category' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    enum: URGENCY_FLAGS,
    isArray: true,
    description: 'reclassify: the urgency questions as the agent now answers them (the whole list)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(URGENCY_FLAGS.length)
  @IsIn(URGENCY_FLAGS, { each: true })
  flags?: string[];

  @ApiPropertyOptional({ description: 'assign, reassign' })
  @IsOptional()
  @IsUUID()
  contractorId?: string;

  @ApiPropertyOptional({ type: AppointmentDto, description: 'assign (optional), schedule' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AppointmentDto)
  appointment?: AppointmentDto;

  @ApiPropertyOptional({
    description: 'reassign, reject_works, reopen, escalate; close_without_works: public explanation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional({ description: 'close: resolution summary' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  resolution?: string;

  @ApiPropertyOptional({ enum: CLOSE_WITHOUT_WORKS_REASONS })
  @IsOptional()
  @IsIn(CLOSE_WITHOUT_WORKS_REASONS)
  closeReason?: string;

  @ApiPropertyOptional({ enum: HOLD_REASONS })
  @IsOptional()
  @IsIn(HOLD_REASONS)
  holdReason?: string;

  @ApiPropertyOptional({ enum: NOTE_VISIBILITIES, description: 'note' })
  @IsOptional()
  @IsIn(NOTE_VISIBILITIES)
  visibility?: string;

  @ApiPropertyOptional({ description: 'note, report_done, answer_review (the written stage-2 answer)' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  text?: string;

  @ApiPropertyOptional({ description: 'Text the tenant sees with this step' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  publicText?: string;

  @ApiPropertyOptional({ description: 'Text only staff see' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  internalText?: string;
}

export class ComplaintQueryDto {
  @ApiPropertyOptional({ enum: COMPLAINT_STATES })
  @IsOptional()
  @IsIn(COMPLAINT_STATES)
  status?: string;

  @ApiPropertyOptional({ description: 'landlord code' })
  @IsOptional()
  @Matches(CODE_PATTERN)
  landlord?: string;

  @ApiPropertyOptional({ description: 'agency code' })
  @IsOptional()
  @Matches(CODE_PATTERN)
  agency?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: INTAKE_CHANNELS })
  @IsOptional()
  @IsIn(INTAKE_CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ description: 'urgency level id, e.g. emergency' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  urgency?: string;

  @ApiPropertyOptional({ description: 'true: next stage past due; false: not yet due' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;

  @ApiPropertyOptional({ enum: COMPLAINT_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(COMPLAINT_SORTS)
  sort: ComplaintSort = '-createdAt';
}
