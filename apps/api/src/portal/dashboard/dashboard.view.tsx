/**
 * The response-time dashboard's parts: the summary and its charts, drawn on the server.
 */
import { AuditMetricsService } from '@suivi/complaints';
import { AGE_BANDS, DEADLINE_STAGES, STAGE_LABELS, TIME_TO_STAGES as TIME_STAGES } from '@suivi/domain';
import type { MetricReport } from '@suivi/domain';
import { Table } from '../components';
import { localeTag, say } from '../i18n';
import type { Lang } from '../i18n';
import { BarChart, LineChart } from './charts';
import type { Series } from './charts';
import { words } from './dashboard.words';

/** Landlords with fewer complaints than this in the period are listed but not ranked. */
export const MIN_VOLUME = 30;
/** Lines drawn per chart: the overall line and the most frequent urgency levels. */
export const MAX_URGENCY_LINES = 5;
export const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

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

export interface DashboardQuery {
  landlord?: string;
  year?: string;
  agency?: string;
  stage?: string;
}

export function Summary(props: { report: MetricReport; lang: Lang }) {
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

export function ShareChart(props: { series: Series[]; months: string[]; stage: string; lang: Lang }) {
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

export function MedianChart(props: { report: MetricReport; lang: Lang }) {
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

export function BacklogChart(props: { report: MetricReport; lang: Lang }) {
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

export function ComparisonChart(props: { comparison: Comparison; lang: Lang }) {
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
