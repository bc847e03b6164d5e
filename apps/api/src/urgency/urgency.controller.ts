import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  Matches,
  Max,
  Min,
  IsObject,
  IsString,
  MaxLength,
} from 'class-validator';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import { CATEGORIES, URGENCY_FLAGS } from '@suivi/domain';
import type { Category, RuleSet } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { Type } from 'class-transformer';
import { Allow, CurrentUser, Public } from '../common/access';
import { IsoDateTime, Optional } from '../common/validation';

/** The shape of a rule set, for the OpenAPI document; the domain's validateRuleSet is the rule. */
const RULE_SET_SCHEMA = {
  type: 'object',
  description:
    'levels, rules, defaultLevel, defaultExplanation {fr, en}, heatingPeriod {from, to: MM-DD}, ' +
    'raiseForVulnerableOccupant, questions (optional: the wording of the safety questions by urgency flag, ' +
    '{fr, en}, one line of at most 200 characters each; a flag left out keeps the default wording); ' +
    'unknown keys are refused (a published version never changes)',
  additionalProperties: false,
  properties: {
    levels: { type: 'array', items: { type: 'object' } },
    rules: { type: 'array', items: { type: 'object' } },
    defaultLevel: { type: 'string' },
    defaultExplanation: { type: 'object', properties: { fr: { type: 'string' }, en: { type: 'string' } } },
    heatingPeriod: {
      type: 'object',
      properties: { from: { type: 'string', example: '10-15' }, to: { type: 'string', example: '05-15' } },
    },
    raiseForVulnerableOccupant: { type: 'boolean' },
    questions: {
      type: 'object',
      description: 'by urgency flag (gas_smell, co_alarm…): the question tenants are asked, {fr, en}',
      additionalProperties: {
        type: 'object',
        properties: { fr: { type: 'string', maxLength: 200 }, en: { type: 'string', maxLength: 200 } },
      },
    },
  },
} satisfies ApiPropertyOptions;

export class PublishRuleSetDto {
  /** Checked field by field by the domain's validateRuleSet, which names every failing field. */
  @ApiProperty(RULE_SET_SCHEMA)
  @IsObject({ message: '$property must be an object' })
  ruleSet!: RuleSet;
}

export class EvaluateDto {
  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiPropertyOptional({ enum: URGENCY_FLAGS, isArray: true })
  @Optional()
  @IsArray()
  @ArrayMaxSize(URGENCY_FLAGS.length)
  @IsIn(URGENCY_FLAGS, { each: true })
  flags?: string[];

  @ApiProperty({ maxLength: 5000, example: 'Odeur de gaz dans la cuisine' })
  // A dry run's example may leave the description empty (only keywords read it); nothing is stored.
  @IsString()
  @MaxLength(5000)
  description!: string;

  /** When the example complaint is filed (seasons, working days); now when left out. */
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'when the example is filed; now if left out',
  })
  @Optional()
  @IsoDateTime()
  at?: Date;

  /** A rule set to try instead of the current one (nothing is saved). */
  @ApiPropertyOptional({ ...RULE_SET_SCHEMA, description: 'a draft to try instead of the current rules' })
  @Optional()
  @IsObject({ message: '$property must be an object' })
  ruleSet?: RuleSet;
}

export class ClosuresDto {
  /** Every closure day, `YYYY-MM-DD`; replaces the previous list. */
  @ApiProperty({ type: [String], example: ['2026-12-24'], maxItems: 366 })
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    each: true,
    message: 'each day must be YYYY-MM-DD',
  })
  days!: string[];
}

export class CalendarQueryDto {
  @ApiPropertyOptional({ minimum: 2000, maximum: 2100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** A landlord's urgency rules: public criteria, versions, publication, dry runs. */
@ApiTags('urgency')
@Controller('landlords/:code')
export class UrgencyController {
  constructor(
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get('urgency-criteria')
  @Public()
  @ApiOperation({ summary: 'The current urgency rules in plain language, for anyone (no sign-in)' })
  async criteria(@Param('code') code: string) {
    const landlord = await this.organisation.landlord(code, 'all');
    return this.urgency.publicCriteria(landlord);
  }

  @Get('rules')
  @Allow('landlord.manage')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current rule set and every published version' })
  async rules(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    return {
      current: await this.urgency.current(landlordCalendarRow(landlord)),
      versions: await this.urgency.versions(landlord.id),
    };
  }

  @Post('rules')
  @Allow('landlord.manage')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish a new version (400 naming every failing field); old versions are kept' })
  async publish(
    @Param('code') code: string,
    @Body() body: PublishRuleSetDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    return this.urgency.publish(landlord.id, body.ruleSet, user.userId);
  }

  @Get('calendar')
  @Public()
  @ApiOperation({ summary: 'Public: the days that do not count as working days for a year, and why' })
  async calendar(@Param('code') code: string, @Query() query: CalendarQueryDto) {
    const landlord = await this.organisation.landlord(code, 'all');
    return this.urgency.publicCalendar(landlord, query.year ?? new Date().getFullYear());
  }

  @Put('closures')
  @Allow('landlord.manage')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Replace the landlord’s closure days (new deadlines skip them)' })
  async setClosures(
    @Param('code') code: string,
    @Body() body: ClosuresDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return { days: await this.organisation.setClosures(code, body.days, landlordScopeOf(user)) };
  }

  @Post('rules/evaluate')
  @HttpCode(200)
  @Allow('landlord.manage')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Dry run: the decision the current (or a given) rule set would take now' })
  async evaluate(@Param('code') code: string, @Body() body: EvaluateDto, @CurrentUser() user: UserPrincipal) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    return this.urgency.tryRules(
      landlordCalendarRow(landlord),
      { category: body.category, flags: body.flags ?? [], description: body.description },
      body.at ?? new Date(),
      body.ruleSet,
    );
  }
}
