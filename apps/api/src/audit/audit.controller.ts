import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { StaffAccountsService, landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { AuditMetricsService, METRIC_GROUPS, TransparencyService } from '@suivi/complaints';
import type { CheckpointResult, MetricGroup, MetricsResult } from '@suivi/complaints';
import { DomainError, metricsCsvRow } from '@suivi/domain';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { Allow, CurrentUser } from '../common/access';
import { Optional } from '../common/validation';
import { attachment } from '../common/safe-headers';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class MetricsQueryDto {
  @ApiProperty({ example: 'HLM-DEMO' })
  @Matches(CODE, { message: 'landlord must be a landlord code' })
  landlord!: string;

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ format: 'date', example: '2026-02-01', description: 'exclusive' })
  @Matches(DAY, { message: 'to must be YYYY-MM-DD (exclusive)' })
  to!: string;

  @ApiPropertyOptional({ description: 'agency code' })
  @Optional()
  @Matches(CODE)
  agency?: string;

  @ApiPropertyOptional({ description: 'residence code' })
  @Optional()
  @Matches(CODE)
  residence?: string;

  @ApiPropertyOptional({ description: 'urgency level id, e.g. emergency' })
  @Optional()
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { message: 'urgency must be an urgency level id' })
  urgency?: string;

  @ApiPropertyOptional({ enum: METRIC_GROUPS })
  @Optional()
  @IsIn(METRIC_GROUPS)
  groupBy?: MetricGroup;
}

export class ComplaintListDto extends MetricsQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize: number = 100;
}

export class AuditLandlordParams {
  @ApiProperty({ example: 'HLM-DEMO' })
  @Matches(CODE, { message: 'code must be a landlord code' })
  code!: string;
}

export class ComparisonDto {
  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ format: 'date', example: '2026-02-01', description: 'exclusive' })
  @Matches(DAY, { message: 'to must be YYYY-MM-DD (exclusive)' })
  to!: string;

  @ApiPropertyOptional({ default: 30, minimum: 1, description: 'complaints a landlord needs to be ranked' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  minVolume: number = 30;
}

function period(from: string, to: string): { from: Date; to: Date } {
  const start = new Date(`${from}T00:00:00.000Z`);
  const end = new Date(`${to}T00:00:00.000Z`);
  // `new Date('2026-02-30…')` is 2 March: a day must read back as itself.
  const real = (date: Date, day: string) =>
    !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
  if (!real(start, from)) throw DomainError.invalidInput([{ field: 'from', message: 'must be a real day' }]);
  if (!real(end, to) || end <= start) {
    throw DomainError.invalidInput([{ field: 'to', message: 'must be a day after from' }]);
  }
  return { from: start, to: end };
}

function csv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const text = String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Federation audit: response-time metrics and verifiable histories. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(TransparencyService) private readonly transparency: TransparencyService,
    @Inject(StaffAccountsService) private readonly staff: StaffAccountsService,
    @Inject(AuditMetricsService) private readonly audit: AuditMetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Response-time metrics of a landlord (or agency, residence) for complaints filed in [from, to), optionally by category, urgency, channel, agency or month (definitions: docs/metrics.md)',
  })
  metrics(@Query() query: MetricsQueryDto, @CurrentUser() user: UserPrincipal): Promise<MetricsResult> {
    return this.metricsOf(query, user);
  }

  @Get('metrics.csv')
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The same metrics as CSV: one row for the whole scope, then one per group' })
  async metricsCsv(@Query() query: MetricsQueryDto, @CurrentUser() user: UserPrincipal): Promise<string> {
    const result = await this.metricsOf(query, user);
    return csv([
      metricsCsvRow('all', result.overall),
      ...result.groups.map((g) => metricsCsvRow(g.key, g.report)),
    ]);
  }

  @Get('complaints')
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Pseudonymised complaints of the scope and period: stage dates, deadlines met, no personal data',
  })
  complaints(@Query() query: ComplaintListDto, @CurrentUser() user: UserPrincipal) {
    return this.listOf(query, user);
  }

  @Get('complaints.csv')
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The pseudonymised complaints as CSV (a page at a time, up to 1,000 rows)' })
  async complaintsCsv(@Query() query: ComplaintListDto, @CurrentUser() user: UserPrincipal): Promise<string> {
    return csv((await this.listOf(query, user)).items as unknown as Record<string, unknown>[]);
  }

  @Get('comparison')
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'The landlords the caller may audit, side by side; only those with at least minVolume complaints are ranked',
  })
  comparison(@Query() query: ComparisonDto, @CurrentUser() user: UserPrincipal) {
    const { from, to } = period(query.from, query.to);
    return this.audit.comparison(from, to, query.minVolume, landlordScopeOf(user));
  }

  private listOf(query: ComplaintListDto, user: UserPrincipal) {
    const { from, to } = period(query.from, query.to);
    return this.audit.complaints(
      {
        landlordCode: query.landlord,
        from,
        to,
        agencyCode: query.agency,
        residenceCode: query.residence,
        urgency: query.urgency,
        page: query.page,
        pageSize: query.pageSize,
      },
      landlordScopeOf(user),
      this.config.linkSecret,
    );
  }

  private metricsOf(query: MetricsQueryDto, user: UserPrincipal): Promise<MetricsResult> {
    const { from, to } = period(query.from, query.to);
    return this.audit.metrics(
      {
        landlordCode: query.landlord,
        from,
        to,
        agencyCode: query.agency,
        residenceCode: query.residence,
        urgency: query.urgency,
        groupBy: query.groupBy,
      },
      landlordScopeOf(user),
    );
  }

  @Get('landlords/:code/events.ndjson')
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary:
      'The landlord’s transparency log as NDJSON (format suivi-events/2): every event (complaint public id, seq, action, states, actor role, time, chain hashes; no texts, no internal ids) and rating, in log order; check it offline against saved checkpoints with `npx suivi-verify <file> --checkpoints <dir>`',
  })
  async events(
    @Param() params: AuditLandlordParams,
    @CurrentUser() user: UserPrincipal,
  ): Promise<StreamableFile> {
    const stream = await this.transparency.export(params.code, landlordScopeOf(user));
    return new StreamableFile(stream, {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: attachment(`suivi-events-${params.code}.ndjson`),
    });
  }

  @Post('landlords/:code/checkpoints')
  @HttpCode(200)
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Signs a checkpoint of the landlord’s log now (unless it has not grown since the latest one, which is answered) and e-mails it to the landlord’s federation auditors',
  })
  checkpoint(
    @Param() params: AuditLandlordParams,
    @CurrentUser() user: UserPrincipal,
  ): Promise<CheckpointResult> {
    return this.transparency.checkpoint(params.code, landlordScopeOf(user), (id) =>
      this.staff.federationAuditorEmails(id),
    );
  }
}
