import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
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
import { COMPLAINT_SORTS, SEARCH_MAX_LENGTH } from '@suivi/complaints';
import type { ComplaintSort, FileComplaintCommand, TenantContactInput } from '@suivi/complaints';
import { HasText, OneLine, IsMailbox, IsoDateTime, NestedObject, Optional } from '../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class TenantContactDto implements TenantContactInput {
  @ApiProperty({ example: 'Amina Diallo', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: '06 12 34 56 78', description: 'Any usual format; stored as E.164' })
  @Optional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional({ example: 'amina@example.org' })
  @Optional()
  @IsMailbox()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: ['sms', 'email', 'both', 'none'] })
  @Optional()
  @IsIn(['sms', 'email', 'both', 'none'])
  preferredChannel?: 'sms' | 'email' | 'both' | 'none';

  @ApiPropertyOptional({ enum: ['fr', 'en'], default: 'fr' })
  @Optional()
  @IsIn(['fr', 'en'])
  language?: 'fr' | 'en';
}

export class PartnerConsentDto {
  @ApiProperty({ description: 'The tenant consented to this filing on their behalf' })
  @Equals(true, { message: 'the tenant must have consented' })
  tenantConsent!: boolean;

  @ApiPropertyOptional({ example: 'CCAS-2026-0412' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @MaxLength(64)
  caseReference?: string;
}

export class FileComplaintDto implements FileComplaintCommand {
  @ApiProperty({ example: 'HLM-DEMO' })
  @Matches(CODE_PATTERN, { message: 'landlordCode must be an upper-case code' })
  landlordCode!: string;

  @ApiPropertyOptional({ example: 'NORD' })
  @Optional()
  @Matches(CODE_PATTERN, { message: 'agencyCode must be an upper-case code' })
  agencyCode?: string;

  @ApiPropertyOptional({ example: 'LES-TILLEULS' })
  @Optional()
  @Matches(CODE_PATTERN, { message: 'residenceCode must be an upper-case code' })
  residenceCode?: string;

  @ApiPropertyOptional({ example: 'Bât. B, 3e étage, porte 12' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @MaxLength(50)
  unit?: string;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: string;

  @ApiProperty({ example: 'Plus de chauffage depuis hier soir.' })
  @Transform(trim)
  @IsString()
  @HasText()
  @Length(3, 5000)
  description!: string;

  @ApiPropertyOptional({ enum: INTAKE_CHANNELS, default: 'web' })
  @Optional()
  @IsIn(INTAKE_CHANNELS)
  channel: string = 'web';

  @ApiProperty({ type: TenantContactDto })
  @NestedObject(() => TenantContactDto)
  tenant!: TenantContactDto;

  @ApiPropertyOptional({ example: 'Digicode 4512B, présente après 17 h' })
  @Optional()
  @IsString()
  @HasText()
  @MaxLength(500)
  accessNotes?: string;

  @ApiPropertyOptional({ description: 'The tenant agrees the contractor sees their first name and phone' })
  @Optional()
  @IsBoolean()
  shareContactWithContractor?: boolean;

  @ApiPropertyOptional({ enum: URGENCY_FLAGS, isArray: true, description: 'What the tenant or agent ticked' })
  @Optional()
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
  @Optional()
  @IsArray()
  @ArrayMaxSize(URGENCY_FLAGS.length)
  @IsIn(URGENCY_FLAGS, { each: true })
  flagsAnsweredNo?: string[];

  @ApiPropertyOptional({ type: PartnerConsentDto, description: 'Required when a partner files' })
  @Optional()
  @NestedObject(() => PartnerConsentDto)
  partner?: PartnerConsentDto;
}

/**
 * An appointment slot: two ISO 8601 date-times with their offset that round-trip. Whether the slot is sane
 * (end after start, at most a week long, not more than 12 h past nor a year ahead) is the domain's rule
 * (`APPOINTMENT_LIMITS`), checked by the lifecycle for the API, the contractor's link and the pages alike.
 */
export class AppointmentDto {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-01T08:00:00+01:00' })
  @IsoDateTime()
  start!: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-01T10:00:00+01:00',
    description: 'after start, at most 7 days later',
  })
  @IsoDateTime()
  end!: Date;
}

export class NoteDto {
  @ApiProperty({ enum: NOTE_VISIBILITIES })
  @IsIn(NOTE_VISIBILITIES)
  visibility!: 'public' | 'internal';

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @HasText()
  @Length(1, 5000)
  text!: string;

  @ApiPropertyOptional({ description: 'When given, the note is refused if the complaint has moved on' })
  @Optional()
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
  @Optional()
  @IsString()
  @MaxLength(63)
  urgencyLevel?: string;

  @ApiPropertyOptional({ enum: CATEGORIES, description: 'acknowledge, reclassify: corrected category' })
  @Optional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    enum: URGENCY_FLAGS,
    isArray: true,
    description: 'reclassify: the urgency questions as the agent now answers them (the whole list)',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(URGENCY_FLAGS.length)
  @IsIn(URGENCY_FLAGS, { each: true })
  flags?: string[];

  @ApiPropertyOptional({ description: 'assign, reassign' })
  @Optional()
  @IsUUID()
  contractorId?: string;

  @ApiPropertyOptional({ type: AppointmentDto, description: 'assign (optional), schedule' })
  @Optional()
  @NestedObject(() => AppointmentDto)
  appointment?: AppointmentDto;

  @ApiPropertyOptional({
    description:
      'check_works, reject_works by staff: the step records a visit on site. Needed before the contractor ' +
      'reported the works done (the tenant can confirm or contest only reported works)',
  })
  @Optional()
  // Forms post the string "true"; anything else must already be a boolean.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  visit?: boolean;

  @ApiPropertyOptional({
    description: 'reassign, reject_works, reopen, escalate; close_without_works: public explanation',
  })
  @Optional()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional({ description: 'close: resolution summary' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  resolution?: string;

  @ApiPropertyOptional({ enum: CLOSE_WITHOUT_WORKS_REASONS })
  @Optional()
  @IsIn(CLOSE_WITHOUT_WORKS_REASONS)
  closeReason?: string;

  @ApiPropertyOptional({ enum: HOLD_REASONS })
  @Optional()
  @IsIn(HOLD_REASONS)
  holdReason?: string;

  @ApiPropertyOptional({ enum: NOTE_VISIBILITIES, description: 'note' })
  @Optional()
  @IsIn(NOTE_VISIBILITIES)
  visibility?: string;

  @ApiPropertyOptional({ description: 'note, report_done, answer_review (the written stage-2 answer)' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  text?: string;

  @ApiPropertyOptional({ description: 'Text the tenant sees with this step' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  publicText?: string;

  @ApiPropertyOptional({ description: 'Text only staff see' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  internalText?: string;
}

export class ComplaintQueryDto {
  @ApiPropertyOptional({ enum: COMPLAINT_STATES })
  @Optional()
  @IsIn(COMPLAINT_STATES)
  status?: string;

  @ApiPropertyOptional({ description: 'landlord code' })
  @Optional()
  @Matches(CODE_PATTERN)
  landlord?: string;

  @ApiPropertyOptional({ description: 'agency code' })
  @Optional()
  @Matches(CODE_PATTERN)
  agency?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @Optional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: INTAKE_CHANNELS })
  @Optional()
  @IsIn(INTAKE_CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ description: 'urgency level id, e.g. emergency' })
  @Optional()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/)
  urgency?: string;

  @ApiPropertyOptional({ description: 'true: next stage past due; false: not yet due' })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description:
      'search: a reference or a piece of one (any case, spaces or dashes), a phone number in any usual form, ' +
      'a tenant name or an address; case- and accent-insensitive',
    maxLength: SEARCH_MAX_LENGTH,
    example: 'rue de l’église',
  })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(SEARCH_MAX_LENGTH)
  q?: string;

  @ApiPropertyOptional({ default: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;

  @ApiPropertyOptional({ enum: COMPLAINT_SORTS, default: '-createdAt' })
  @Optional()
  @IsIn(COMPLAINT_SORTS)
  sort: ComplaintSort = '-createdAt';
}
