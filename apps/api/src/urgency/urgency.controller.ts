import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  Matches,
  Max,
  Min,
  IsObject,
  IsOptional,
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

export class PublishRuleSetDto {
  /** Checked field by field by the domain's validateRuleSet, which names every failing field. */
  @IsDefined()
  @IsObject()
  ruleSet!: RuleSet;
}

export class EvaluateDto {
  @IsIn(CATEGORIES)
  category!: Category;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(URGENCY_FLAGS.length)
  @IsIn(URGENCY_FLAGS, { each: true })
  flags?: string[];

  @IsString()
  @MaxLength(5000)
  description!: string;

  /** When the example complaint is filed (seasons, working days); now when left out. */
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  /** A rule set to try instead of the current one (nothing is saved). */
  @IsOptional()
  @IsObject()
  ruleSet?: RuleSet;
}

export class ClosuresDto {
  /** Every closure day, `YYYY-MM-DD`; replaces the previous list. */
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    each: true,
    message: 'each day must be YYYY-MM-DD',
  })
  days!: string[];
}

export class CalendarQueryDto {
  @IsOptional()
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
      body.at ? new Date(body.at) : new Date(),
      body.ruleSet,
    );
  }
}
