import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CODE_PATTERN, COUNTRIES } from '@suivi/domain';
import type { CreateAgency, CreateContractor, CreateLandlord, CreateResidence } from '@suivi/organisation';
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
