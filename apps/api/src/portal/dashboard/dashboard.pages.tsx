import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { AuditMetricsService } from '@suivi/complaints';
import type { MetricsResult } from '@suivi/complaints';
import { DEADLINE_STAGES, DomainError, STAGE_LABELS } from '@suivi/domain';
import type { DeadlineStage } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { Button, Select } from '../components';
import type { Option } from '../components';
import { levelLabel } from '../complaint-parts';
import { say } from '../i18n';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import type { Series } from './charts';
import { words } from './dashboard.words';
import {
  MIN_VOLUME,
  MAX_URGENCY_LINES,
  CODE,
  Summary,
  ShareChart,
  MedianChart,
  BacklogChart,
  ComparisonChart,
} from './dashboard.view';
import type { DashboardQuery } from './dashboard.view';

/** Federations, supervisors and landlord admins: the response-time dashboard, drawn on the server. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('dashboard')
export class DashboardPages {
  constructor(
    @Inject(AuditMetricsService) private readonly audit: AuditMetricsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get()
  @Allow('audit.export')
  async dashboard(
    @Page() page: PageContext,
    @Query() query: DashboardQuery,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const scope = landlordScopeOf(user);
    const landlords = await this.organisation.listLandlords(scope);
    if (landlords.length === 0) {
      return sendPage(
        reply,
        <Layout page={page} title={t.title}>
          <h1>{t.title}</h1>
          <p>{t.none}</p>
        </Layout>,
      );
    }
    const thisYear = new Date().getUTCFullYear();
    const year = /^\d{4}$/.test(query.year ?? '') ? Number(query.year) : thisYear;
    const stage: DeadlineStage = (DEADLINE_STAGES as readonly string[]).includes(query.stage ?? '')
      ? (query.stage as DeadlineStage)
      : 'acknowledge';
    const code =
      typeof query.landlord === 'string' && CODE.test(query.landlord) ? query.landlord : landlords[0].code;
    const agency = typeof query.agency === 'string' && CODE.test(query.agency) ? query.agency : undefined;
    if (year < 2000 || year > thisYear + 1) {
      throw DomainError.invalidInput([
        { field: 'year', message: 'must be a year between 2000 and next year' },
      ]);
    }
    const from = new Date(Date.UTC(year, 0, 1));
    const to = new Date(Date.UTC(year + 1, 0, 1));
    const base = { landlordCode: code, from, to, agencyCode: agency };
    const [byMonth, byUrgency, agencies, comparison] = await Promise.all([
      this.audit.metrics({ ...base, groupBy: 'month' }, scope),
      this.audit.metrics({ ...base, groupBy: 'urgency' }, scope),
      this.organisation.listAgencies(code, scope),
      this.audit.comparison(from, to, MIN_VOLUME, scope),
    ]);
    const levels = byUrgency.groups
      .filter((g) => g.key !== 'none')
      .sort((a, b) => b.report.volume - a.report.volume)
      .slice(0, MAX_URGENCY_LINES)
      .map((g) => g.key);
    const perLevel = await Promise.all(
      levels.map((level) => this.audit.metrics({ ...base, urgency: level, groupBy: 'month' }, scope)),
    );
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const shareOf = (result: MetricsResult) =>
      months.map((m) => result.groups.find((g) => g.key === m)?.report.withinDeadline[stage].share ?? null);
    const series: Series[] = [
      { name: t.all, values: shareOf(byMonth) },
      ...levels.map((level, i) => ({ name: levelLabel(level, page.lang), values: shareOf(perLevel[i]) })),
    ];
    const exportQuery = new URLSearchParams({
      landlord: code,
      from: `${year}-01-01`,
      to: `${year + 1}-01-01`,
      ...(agency ? { agency } : {}),
    });
    sendPage(
      reply,
      <Layout page={page} title={t.title} wide>
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <details>
          <summary>{t.definitions}</summary>
          <ul>
            {t.defs.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </details>
        <form method="get" action="/dashboard" class="filters">
          <Select
            name="landlord"
            label={t.landlord}
            lang={page.lang}
            required
            form={{ values: { landlord: code }, errors: {} }}
            options={landlords.map((l) => ({ value: l.code, label: l.name }))}
          />
          <Select
            name="year"
            label={t.year}
            lang={page.lang}
            required
            form={{ values: { year: String(year) }, errors: {} }}
            options={Array.from({ length: 5 }, (_, i) => String(thisYear - i)).map((y) => ({
              value: y,
              label: y,
            }))}
          />
          <Select
            name="agency"
            label={t.agency}
            lang={page.lang}
            form={{ values: { agency: agency ?? '' }, errors: {} }}
            placeholder={t.allAgencies}
            options={agencies.map((a): Option => ({ value: a.code, label: a.name }))}
          />
          <Select
            name="stage"
            label={t.stage}
            lang={page.lang}
            required
            form={{ values: { stage }, errors: {} }}
            options={DEADLINE_STAGES.map((s) => ({ value: s, label: say(STAGE_LABELS, s, page.lang) }))}
          />
          <div class="field">
            <Button>{t.show}</Button>
          </div>
        </form>
        <Summary report={byMonth.overall} lang={page.lang} />
        <ShareChart series={series} months={months} stage={stage} lang={page.lang} />
        <MedianChart report={byMonth.overall} lang={page.lang} />
        <BacklogChart report={byMonth.overall} lang={page.lang} />
        <ComparisonChart comparison={comparison} lang={page.lang} />
        <h2>{t.exports}</h2>
        <ul>
          <li>
            <a href={`/api/v1/audit/metrics.csv?${exportQuery}&groupBy=month`}>{t.exportMetrics}</a>
          </li>
          <li>
            <a href={`/api/v1/audit/complaints.csv?${exportQuery}`}>{t.exportComplaints}</a>
          </li>
          <li>
            <a href={`/api/v1/audit/landlords/${encodeURIComponent(code)}/events.ndjson`}>{t.exportEvents}</a>
          </li>
        </ul>
      </Layout>,
    );
  }
}
