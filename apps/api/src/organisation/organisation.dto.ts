import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CODE_PATTERN, COUNTRIES } from '@suivi/domain';
import type {
  CreateAgency,
  CreateContractor,
  CreateLandlord,
  CreateResidence,
  EditAgency,
  EditContractor,
  EditResidence,
} from '@suivi/organisation';
import { HasText, OneLine, IsMailbox, Optional } from '../common/validation';

const CODE_MESSAGE = { message: '$property must be 1–32 upper-case letters, digits or hyphens' };

export class CreateLandlordDto implements CreateLandlord {
  @ApiProperty({ example: 'HLM-DEMO' })
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Habitat Démo' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'Europe/Paris' })
  @IsString()
  @MaxLength(64)
  timezone!: string;

  @ApiProperty({ enum: COUNTRIES })
  @IsIn(COUNTRIES)
  country!: string;

  @ApiProperty({ example: 'metropole', description: 'holiday calendar region of the country' })
  @IsString()
  @MaxLength(32)
  region!: string;

  @ApiPropertyOptional({
    default: 30,
    minimum: 0,
    maximum: 365,
    description: 'left out: 30; null is refused',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(365)
  reopenWindowDays?: number;
}

export class CreateAgencyDto implements CreateAgency {
  @ApiProperty({ example: 'NORD' })
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Agence Nord' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name!: string;
}

export class CreateResidenceDto implements CreateResidence {
  @ApiProperty({ example: 'LES-TILLEULS' })
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Résidence Les Tilleuls' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'NORD' })
  @Optional()
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  agencyCode?: string;

  @ApiProperty({ example: '12 rue des Tilleuls' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 300)
  address!: string;

  @ApiProperty({ example: '59000' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(2, 16)
  postcode!: string;

  @ApiProperty({ example: 'Lille' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 100)
  city!: string;

  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  homesCount!: number;
}

export class CreateContractorDto implements CreateContractor {
  @ApiProperty({ example: 'Plomberie Martin' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'plumbing' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @MaxLength(64)
  trade?: string;

  @ApiPropertyOptional({ example: 'contact@plomberie-martin.example' })
  @Optional()
  @IsMailbox()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+33320000000' })
  @Optional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phoneE164 must be an E.164 number' })
  phoneE164?: string;
}

export class ResidenceSearchDto {
  @ApiProperty({ example: '59000', description: 'Words of the residence’s name, address, postcode or city' })
  @IsString()
  @HasText()
  @Length(2, 100)
  q!: string;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A landlord's quiet hours: non-urgent SMS go between these local times (issue 16). */
export class SmsWindowDto {
  @ApiProperty({ example: '08:00', description: 'local time HH:MM at which non-urgent SMS may start' })
  @IsString()
  @Matches(HH_MM, { message: '$property must be a time HH:MM' })
  smsDayStart!: string;

  @ApiProperty({
    example: '21:00',
    description: 'local time HH:MM after which non-urgent SMS wait (after start)',
  })
  @IsString()
  @Matches(HH_MM, { message: '$property must be a time HH:MM' })
  smsDayEnd!: string;
}

/** Checked only when given and not null: null clears an optional field of an edit. */
const OptionalOrNull = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** The version the caller last saw (issue 18 M4): a stale one gets 409 STALE_VERSION. */
class Versioned {
  @ApiPropertyOptional({ minimum: 1, description: 'The version last read; left out: no check' })
  @Optional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** An agency's edit: only the fields given change (issue 18 M4). */
export class EditAgencyDto extends Versioned implements EditAgency {
  @ApiPropertyOptional({ example: 'NORD' })
  @Optional()
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  code?: string;

  @ApiPropertyOptional({ example: 'Agence Nord' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name?: string;
}

/** A residence's edit: only the fields given change; `agencyCode` null leaves it without agency. */
export class EditResidenceDto extends Versioned implements EditResidence {
  @ApiPropertyOptional({ example: 'LES-TILLEULS' })
  @Optional()
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  code?: string;

  @ApiPropertyOptional({ example: 'Résidence Les Tilleuls' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'NORD', nullable: true })
  @OptionalOrNull()
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  agencyCode?: string | null;

  @ApiPropertyOptional({ example: '12 rue des Tilleuls' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 300)
  address?: string;

  @ApiPropertyOptional({ example: '59000' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @Length(2, 16)
  postcode?: string;

  @ApiPropertyOptional({ example: 'Lille' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ example: 120 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  homesCount?: number;
}

/** A contractor's edit: only the fields given change; null clears trade, e-mail or phone. */
export class EditContractorDto extends Versioned implements EditContractor {
  @ApiPropertyOptional({ example: 'Plomberie Martin' })
  @Optional()
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'plumbing', nullable: true })
  @OptionalOrNull()
  @IsString()
  @HasText()
  @OneLine()
  @MaxLength(64)
  trade?: string | null;

  @ApiPropertyOptional({ example: 'contact@plomberie-martin.example', nullable: true })
  @OptionalOrNull()
  @IsMailbox()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: '+33320000000', nullable: true })
  @OptionalOrNull()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phoneE164 must be an E.164 number' })
  phoneE164?: string | null;
}

/** A deactivation or reactivation (issue 18 M4). */
export class ActivationDto extends Versioned {}

/** Merges the agency or residence of the path into the one whose code is `into` (issue 18 M4). */
export class MergeByCodeDto extends Versioned {
  @ApiProperty({ example: 'LES-TILLEULS', description: 'The code of the row kept' })
  @Matches(CODE_PATTERN, CODE_MESSAGE)
  into!: string;
}

/** Merges the contractor of the path into the contractor `into` (issue 18 M4). */
export class MergeContractorDto extends Versioned {
  @ApiProperty({ description: 'The id of the contractor kept' })
  @IsUUID()
  into!: string;
}
