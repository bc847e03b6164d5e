import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { CODE_PATTERN, ESCALATION_MINUTES_LIMITS, ON_CALL_POSITIONS, ON_CALL_ROLES } from '@suivi/domain';
import type { OnCallRole } from '@suivi/domain';
import { OnCallRotaService } from '@suivi/organisation';
import type { OnCallInput, OnCallPersonInput } from '@suivi/organisation';
import { Allow, CurrentUser } from '../common/access';
import { HasText, OneLine } from '../common/validation';

const TIME = { message: '$property must be a time HH:MM' };

export class OnCallPersonDto implements OnCallPersonInput {
  @ApiProperty({ enum: ON_CALL_ROLES })
  @IsIn(ON_CALL_ROLES)
  role!: OnCallRole;

  @ApiProperty({
    minimum: 0,
    maximum: ON_CALL_POSITIONS,
    description: 'order of alert (1 first); 0 for the supervisor',
  })
  @IsInt()
  @Min(0)
  @Max(ON_CALL_POSITIONS)
  position!: number;

  @ApiProperty({ example: 'Camille Martin' })
  @IsString()
  @HasText()
  @OneLine()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '06 12 34 56 78', description: 'a mobile: the alert is a text message' })
  @IsString()
  @MaxLength(32)
  phone!: string;

  @ApiPropertyOptional({ example: 'astreinte@bailleur.fr', nullable: true })
  @ValidateIf((_o, value) => value !== undefined && value !== null && value !== '')
  @IsString()
  @MaxLength(254)
  email?: string | null;
}

export class OnCallDto implements OnCallInput {
  @ApiPropertyOptional({
    example: 'NORD',
    nullable: true,
    description: 'the rota’s agency; absent or null: landlord-wide',
  })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @Matches(CODE_PATTERN, { message: '$property must be an agency code' })
  agencyCode?: string | null;

  @ApiProperty({
    example: [1, 2, 3, 4, 5],
    description: 'ISO days the offices open: 1 = Monday … 7 = Sunday',
  })
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  officeDays!: number[];

  @ApiProperty({ example: '08:30' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, TIME)
  officeStart!: string;

  @ApiProperty({ example: '18:00', description: 'Closing time, HH:MM; 24:00 closes at the end of the day' })
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, TIME)
  officeEnd!: string;

  @ApiProperty({
    minimum: ESCALATION_MINUTES_LIMITS.min,
    maximum: ESCALATION_MINUTES_LIMITS.max,
    example: 15,
  })
  @IsInt()
  @Min(ESCALATION_MINUTES_LIMITS.min)
  @Max(ESCALATION_MINUTES_LIMITS.max)
  escalationMinutes!: number;

  @ApiProperty({
    type: [OnCallPersonDto],
    description: 'the rota: up to three on-call people and a supervisor',
  })
  @IsArray()
  @ArrayMaxSize(ON_CALL_POSITIONS + 1)
  @ValidateNested({ each: true })
  @Type(() => OnCallPersonDto)
  people!: OnCallPersonDto[];
}

/**
 * A landlord's on-call duty (astreinte): office hours, escalation delay and rotas. Landlord admins of the
 * landlord (and platform admins); the same service as the `/manage/:code/on-call` page.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('landlords/:code/on-call')
export class OnCallController {
  constructor(@Inject(OnCallRotaService) private readonly rotas: OnCallRotaService) {}

  @Get()
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'The landlord’s office hours, escalation delay and on-call rotas' })
  view(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    return this.rotas.view(code, landlordScopeOf(user));
  }

  @Put()
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'Set the office hours and escalation delay, and replace one rota' })
  set(@Param('code') code: string, @Body() body: OnCallDto, @CurrentUser() user: UserPrincipal) {
    return this.rotas.set(code, body, landlordScopeOf(user));
  }
}
