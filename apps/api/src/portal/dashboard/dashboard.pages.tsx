import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { AuditMetricsService } from '@suivi/complaints';
import type { MetricsResult } from '@suivi/complaints';
import {
  AGE_BANDS,
  DEADLINE_STAGES,
  DomainError,
  STAGE_LABELS,
  TIME_TO_STAGES as TIME_STAGES,
} from '@suivi/domain';
import type { DeadlineStage, MetricReport } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { Button, Select, Table } from '../components';
import type { Option } from '../components';
import { levelLabel } from '../complaint-parts';
import { dictionary, localeTag, say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { BarChart, LineChart } from './charts';
import type { Series } from './charts';

/** Landlords with fewer complaints than this in the period are listed but not ranked. */
const MIN_VOLUME = 30;
/** Lines drawn per chart: the overall line and the most frequent urgency levels. */
const MAX_URGENCY_LINES = 5;
const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

const words = dictionary({
  fr: {
    title: 'Délais de réponse',
    intro:
      'Chiffres calculés sur les dossiers déposés pendant l’année choisie, selon les définitions publiées. Les jours ouvrés suivent le calendrier du bailleur.',
    definitions: 'Définitions des indicateurs',
    defs: [
      'Délai d’une étape : du dépôt du dossier au moment où l’étape est faite. Jours ouvrés : jours entiers ouvrés strictement entre les deux dates, selon le calendrier du bailleur (jours fériés et fermetures) ; jours : durée calendaire.',
      'Intervention : les travaux déclarés faits par l’entreprise, ou vérifiés sur place par le bailleur, tant qu’ils ne sont pas refusés. Des travaux refusés, une autre entreprise désignée ou un dossier rouvert : l’intervention est de nouveau à faire. La confirmation du locataire n’est pas l’intervention.',
      'Médiane : la moitié des dossiers ont été plus rapides. 90e centile : 9 dossiers sur 10 ont été plus rapides (rang le plus proche).',
      'Dans le délai : étapes faites avant leur échéance, divisées par les étapes faites ou dont l’échéance est passée. Les étapes pas encore dues ne comptent pas.',
      'Retard : dossiers ouverts dont une échéance est passée. Ancienneté : jours depuis le dépôt.',
      'Classement : seuls les bailleurs ayant au moins 30 dossiers sur la période sont classés, par part des prises en charge dans le délai puis par délai médian de clôture.',
    ],
    landlord: 'Bailleur',
    year: 'Année',
    agency: 'Agence',
    allAgencies: 'Toutes les agences',
    stage: 'Étape mesurée',
    show: 'Afficher',
    none: 'Aucun bailleur ne vous est rattaché.',
    summary: 'En bref',
    volume: 'Dossiers déposés',
    rate: 'Pour 1 000 logements',
    open: 'Dossiers ouverts',
    overdue: 'dont en retard',
    satisfaction: 'Satisfaction moyenne (sur 5)',
    withinTitle: 'Étapes terminées dans le délai',
    withinRaw: 'Délai réglementaire',
    withinNet: 'Hors attente documentée du fait du locataire',
    shareTitle: (stage: string) =>
      `Part des dossiers traités dans le délai (${stage}), par mois et par urgence`,
    shareDesc: (stage: string, best: string) =>
      `Courbes mensuelles de la part des étapes « ${stage} » terminées dans le délai, pour l’ensemble et par niveau d’urgence. ${best}`,
    shareBest: (month: string, share: string) => `Meilleur mois pour l’ensemble : ${month} (${share}).`,
    all: 'Ensemble',
    month: 'Mois',
    medianTitle: 'Délai médian par étape (jours ouvrés)',
    medianDesc: (list: string) => `Délai médian depuis le dépôt, en jours ouvrés : ${list}.`,
    step: 'Étape',
    median: 'Médiane (j. ouvrés)',
    p90: '90e centile (j. ouvrés)',
    medianCal: 'Médiane (jours)',
    p90Cal: '90e centile (jours)',
    count: 'Dossiers',
    timeStages: {
      acknowledge: 'Prise en charge',
      assign: 'Entreprise désignée',
      worksDone: 'Travaux faits',
      close: 'Clôture',
    } as Record<string, string>,
    backlogTitle: 'Dossiers ouverts selon leur âge',
    backlogDesc: (list: string) => `Nombre de dossiers encore ouverts par ancienneté : ${list}.`,
    age: 'Ancienneté',
    ageBand: (band: string) => `${band} jours`,
    compareTitle: 'Comparaison des bailleurs : prises en charge dans le délai',
    compareDesc: (list: string) =>
      list
        ? `Classement des bailleurs par part des prises en charge dans le délai : ${list}.`
        : 'Aucun bailleur classé.',
    rank: 'Rang',
    share: 'Dans le délai',
    closeMedian: 'Clôture, médiane (j. ouvrés)',
    notRanked: (n: number) => `Non classés (moins de ${n} dossiers sur la période) :`,
    exports: 'Exporter les chiffres',
    exportMetrics: 'Indicateurs par mois (CSV)',
    exportComplaints: 'Dossiers pseudonymisés (CSV)',
    exportEvents: 'Historique vérifiable (NDJSON, à vérifier avec « npx suivi-verify »)',
    noData: '—',
    days: (n: string) => `${n} j`,
  },
  en: {
    title: 'Response times',
    intro:
      'Figures over the complaints filed in the chosen year, by the published definitions. Working days follow the landlord’s calendar.',
    definitions: 'Definitions of the measures',
    defs: [
      'Time to a stage: from filing to when the stage is done. Working days: whole working days strictly between the two dates on the landlord’s calendar (holidays and closures); days: calendar time.',
      'Intervention: the works the contractor reported done, or the landlord checked on site, as long as they are not rejected. Rejected works, another contractor assigned or a reopened case: the intervention is due again. The tenant’s confirmation is not the intervention.',
      'Median: half the complaints were faster. 90th percentile: 9 complaints in 10 were faster (nearest rank).',
      'Within deadline: stages done by their due date, divided by stages done or past due. Stages not yet due do not count.',
      'Overdue: open complaints with a stage past its due date. Age: days since filing.',
      'Ranking: only landlords with at least 30 complaints in the period are ranked, by share of acknowledgements within deadline, then by median time to close.',
    ],
    landlord: 'Landlord',
    year: 'Year',
    agency: 'Agency',
    allAgencies: 'All agencies',
    stage: 'Stage measured',
    show: 'Show',
    none: 'No landlord is linked to your account.',
    summary: 'At a glance',
    volume: 'Complaints filed',
    rate: 'Per 1,000 homes',
    open: 'Open complaints',
    overdue: 'of which overdue',
    satisfaction: 'Average satisfaction (out of 5)',
    withinTitle: 'Stages completed within deadline',
    withinRaw: 'Statutory deadline',
    withinNet: 'Net of documented tenant delay',
    shareTitle: (stage: string) => `Share handled within deadline (${stage}), by month and urgency`,
    shareDesc: (stage: string, best: string) =>
      `Monthly lines of the share of “${stage}” stages completed within their deadline, overall and by urgency level. ${best}`,
    shareBest: (month: string, share: string) => `Best month overall: ${month} (${share}).`,
    all: 'Overall',
    month: 'Month',
    medianTitle: 'Median time per stage (working days)',
    medianDesc: (list: string) => `Median time from filing, in working days: ${list}.`,
    step: 'Stage',
    median: 'Median (working days)',
    p90: '90th percentile (working days)',
    medianCal: 'Median (days)',
    p90Cal: '90th percentile (days)',
    count: 'Complaints',
    timeStages: {
      acknowledge: 'Acknowledged',
      assign: 'Contractor assigned',
      worksDone: 'Works done',
      close: 'Closed',
    } as Record<string, string>,
    backlogTitle: 'Open complaints by age',
    backlogDesc: (list: string) => `Open complaints by age: ${list}.`,
    age: 'Age',
    ageBand: (band: string) => `${band} days`,
    compareTitle: 'Landlord comparison: acknowledgements within deadline',
    compareDesc: (list: string) =>
      list
        ? `Landlords ranked by share of acknowledgements within deadline: ${list}.`
        : 'No landlord ranked.',
    rank: 'Rank',
    share: 'Within deadline',
    closeMedian: 'Close, median (working days)',
    notRanked: (n: number) => `Not ranked (fewer than ${n} complaints in the period):`,
    exports: 'Export the figures',
    exportMetrics: 'Measures by month (CSV)',
    exportComplaints: 'Pseudonymised complaints (CSV)',
    exportEvents: 'Verifiable history (NDJSON, check it with “npx suivi-verify”)',
    noData: '—',
    days: (n: string) => `${n} d`,
  },
});

/** Formatters built once per language: a dashboard prints a few hundred figures. */
const perLang = <T,>(make: (tag: string) => T): Record<Lang, T> => ({
  fr: make(localeTag('fr')),
  en: make(localeTag('en')),
});
const PERCENT = perLang((tag) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }));
const DECIMAL = perLang((tag) => new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }));
const MONTH = perLang((tag) => new Intl.DateTimeFormat(tag, { month: 'short', timeZone: 'UTC' }));
const percent = (v: number | null, lang: Lang) => (v === null ? '—' : PERCENT[lang].format(v));
const decimal = (v: number | null, lang: Lang) => (v === null ? '—' : DECIMAL[lang].format(v));
const monthName = (key: string, lang: Lang) => MONTH[lang].format(new Date(`${key}-15T00:00:00Z`));

interface DashboardQuery {
  landlord?: string;
  year?: string;
  agency?: string;
  stage?: string;
}

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

function Summary(props: { report: MetricReport; lang: Lang }) {
  const t = words(props.lang);
  const r = props.report;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t.summary}</h2>
      <dl class="facts">
        <dt>{t.volume}</dt>
        <dd>{r.volume}</dd>
        <dt>{t.rate}</dt>
        <dd>{decimal(r.ratePer1000Homes, props.lang)}</dd>
        <dt>{t.open}</dt>
        <dd>
          {r.backlog.open} ({t.overdue} {r.backlog.overdue})
        </dd>
        <dt>{t.satisfaction}</dt>
        <dd>{decimal(r.satisfaction.average, props.lang)}</dd>
      </dl>
      <Table caption={t.withinTitle} head={[t.step, t.withinRaw, t.withinNet]}>
        {DEADLINE_STAGES.map((stage) => (
          <tr key={stage}>
            <th scope="row">{say(STAGE_LABELS, stage, props.lang)}</th>
            <td class="num">{percent(r.withinDeadline[stage].share, props.lang)}</td>
            <td class="num">{percent(r.withinDeadline[stage].netOfTenantDelay.share, props.lang)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function ShareChart(props: { series: Series[]; months: string[]; stage: string; lang: Lang }) {
  const { lang } = props;
  const t = words(lang);
  const stageName = say(STAGE_LABELS, props.stage, lang);
  const overall = props.series[0].values;
  let best = -1;
  overall.forEach((v, i) => {
    if (v !== null && (best < 0 || v > (overall[best] ?? -1))) best = i;
  });
  const bestText =
    best >= 0 ? t.shareBest(monthName(props.months[best], lang), percent(overall[best], lang)) : '';
  return (
    <section aria-labelledby="share-heading">
      <h2 id="share-heading">{t.shareTitle(stageName)}</h2>
      <figure class="chart">
        <LineChart
          id="share"
          title={t.shareTitle(stageName)}
          description={t.shareDesc(stageName, bestText)}
          labels={props.months.map((m) => monthName(m, lang))}
          series={props.series}
          max={1}
          formatTick={(v) => percent(v, lang)}
        />
      </figure>
      <Table caption={t.shareTitle(stageName)} head={[t.month, ...props.series.map((s) => s.name)]}>
        {props.months.map((m, i) => (
          <tr key={m}>
            <th scope="row">{monthName(m, lang)}</th>
            {props.series.map((s) => (
              <td class="num" key={s.name}>
                {percent(s.values[i], lang)}
              </td>
            ))}
          </tr>
        ))}
      </Table>
    </section>
  );
}

function MedianChart(props: { report: MetricReport; lang: Lang }) {
  const { lang } = props;
  const t = words(lang);
  const bars = TIME_STAGES.map((s) => ({
    label: t.timeStages[s],
    value: props.report.timeTo[s].medianWorkingDays,
    text:
      props.report.timeTo[s].medianWorkingDays === null
        ? t.noData
        : t.days(decimal(props.report.timeTo[s].medianWorkingDays, lang)),
  }));
  return (
    <section aria-labelledby="median-heading">
      <h2 id="median-heading">{t.medianTitle}</h2>
      <figure class="chart">
        <BarChart
          id="median"
          title={t.medianTitle}
          description={t.medianDesc(bars.map((b) => `${b.label} ${b.text}`).join(', '))}
          bars={bars}
        />
      </figure>
      <Table caption={t.medianTitle} head={[t.step, t.count, t.median, t.p90, t.medianCal, t.p90Cal]}>
        {TIME_STAGES.map((s) => {
          const d = props.report.timeTo[s];
          return (
            <tr key={s}>
              <th scope="row">{t.timeStages[s]}</th>
              <td class="num">{d.count}</td>
              <td class="num">{decimal(d.medianWorkingDays, lang)}</td>
              <td class="num">{decimal(d.p90WorkingDays, lang)}</td>
              <td class="num">{decimal(d.medianCalendarDays, lang)}</td>
              <td class="num">{decimal(d.p90CalendarDays, lang)}</td>
            </tr>
          );
        })}
      </Table>
    </section>
  );
}

function BacklogChart(props: { report: MetricReport; lang: Lang }) {
  const { lang } = props;
  const t = words(lang);
  const bars = AGE_BANDS.map((band) => ({
    label: t.ageBand(band),
    value: props.report.backlog.ageDays[band],
    text: String(props.report.backlog.ageDays[band]),
  }));
  return (
    <section aria-labelledby="backlog-heading">
      <h2 id="backlog-heading">{t.backlogTitle}</h2>
      <figure class="chart">
        <BarChart
          id="backlog"
          title={t.backlogTitle}
          description={t.backlogDesc(bars.map((b) => `${b.label} : ${b.text}`).join(', '))}
          bars={bars}
        />
      </figure>
      <Table caption={t.backlogTitle} head={[t.age, t.count]}>
        {bars.map((b) => (
          <tr key={b.label}>
            <th scope="row">{b.label}</th>
            <td class="num">{b.text}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

type Comparison = Awaited<ReturnType<AuditMetricsService['comparison']>>;

function ComparisonChart(props: { comparison: Comparison; lang: Lang }) {
  const { lang, comparison } = props;
  const t = words(lang);
  const bars = comparison.ranked.map((r) => ({
    label: `${r.rank}. ${r.landlord}`,
    value: r.report.withinDeadline.acknowledge.share,
    text: percent(r.report.withinDeadline.acknowledge.share, lang),
  }));
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">{t.compareTitle}</h2>
      {bars.length ? (
        <figure class="chart">
          <BarChart
            id="compare"
            title={t.compareTitle}
            description={t.compareDesc(bars.map((b) => `${b.label} ${b.text}`).join(', '))}
            bars={bars}
            max={1}
          />
        </figure>
      ) : (
        <p>{t.compareDesc('')}</p>
      )}
      {bars.length ? (
        <Table caption={t.compareTitle} head={[t.rank, t.landlord, t.count, t.share, t.closeMedian]}>
          {comparison.ranked.map((r) => (
            <tr key={r.landlord}>
              <td class="num">{r.rank}</td>
              <th scope="row">{r.landlord}</th>
              <td class="num">{r.report.volume}</td>
              <td class="num">{percent(r.report.withinDeadline.acknowledge.share, lang)}</td>
              <td class="num">{decimal(r.report.timeTo.close.medianWorkingDays, lang)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      {comparison.notRanked.length ? (
        <p>
          {t.notRanked(comparison.minVolume)}{' '}
          {comparison.notRanked.map((r) => `${r.landlord} (${r.report.volume})`).join(', ')}
        </p>
      ) : null}
    </section>
  );
}
