import { Controller, Get, Header, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { AuditMetricsService, HistoryExportService, METRIC_GROUPS } from '@suivi/complaints';
import type { MetricGroup, MetricsResult } from '@suivi/complaints';
import { DomainError, metricsCsvRow } from '@suivi/domain';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Allow, CurrentUser } from '../common/access';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class MetricsQueryDto {
  @Matches(CODE, { message: 'landlord must be a landlord code' })
  landlord!: string;

  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  from!: string;

  @Matches(DAY, { message: 'to must be YYYY-MM-DD (exclusive)' })
  to!: string;

  @IsOptional()
  @Matches(CODE)
  agency?: string;

  @IsOptional()
  @Matches(CODE)
  residence?: string;

  @IsOptional()
  @IsIn(METRIC_GROUPS)
  groupBy?: MetricGroup;
}

/** Federation audit: response-time metrics and verifiable histories. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(HistoryExportService) private readonly histories: HistoryExportService,
    @Inject(AuditMetricsService) private readonly audit: AuditMetricsService,
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
    const rows = [
      metricsCsvRow('all', result.overall),
      ...result.groups.map((g) => metricsCsvRow(g.key, g.report)),
    ];
    const columns = Object.keys(rows[0]);
    const cell = (v: string | number | null) =>
      v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
    return (
      [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n'
    );
  }

  private metricsOf(query: MetricsQueryDto, user: UserPrincipal): Promise<MetricsResult> {
    const from = new Date(`${query.from}T00:00:00.000Z`);
    const to = new Date(`${query.to}T00:00:00.000Z`);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      throw DomainError.invalidInput([{ field: 'to', message: 'must be a day after from' }]);
    }
    return this.audit.metrics(
      {
        landlordCode: query.landlord,
        from,
        to,
        agencyCode: query.agency,
        residenceCode: query.residence,
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
      'The landlord’s events with their hashes (no texts) and its daily digests, streamed as NDJSON; check it offline with `npx suivi-verify <file>`',
  })
  async events(@Param('code') code: string, @CurrentUser() user: UserPrincipal): Promise<StreamableFile> {
    const stream = await this.histories.export(code, landlordScopeOf(user));
    return new StreamableFile(stream, {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: `attachment; filename="suivi-events-${code}.ndjson"`,
    });
  }
}
