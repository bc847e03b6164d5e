/**
 * npm run bench:audit — the landlord-year metrics report on the scale data set (npm run seed:scale).
 *
 * The largest landlord, the last full calendar year: the report through the real AuditMetricsService (rollup
 * columns, one SQL aggregate) 10 times after a warm-up, beside the same figures from one full-scan SQL
 * statement over the events (no rollup column read: first acknowledgement, holds, … taken from the events,
 * working days counted in SQL on the landlord's calendar), with the ratio, and a check that both give the
 * same figures. Once, the domain's reference computation (computeMetrics over facts read from the events) is
 * compared as well. Uses DATABASE_URL (default: suivi_scale on 127.0.0.1). Target (issue F): p50 < 300 ms.
 * Never fails on timing.
 */
import { isDeepStrictEqual } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { WorkingCalendar } from '@suivi/calendar';
import { AuditMetricsService, ComplaintsModule, aggregateSql, aggregatesOf } from '@suivi/complaints';
import type { AggregateRow, MetricsQuery } from '@suivi/complaints';
import { ConfigModule, loadConfig } from '@suivi/config';
import { reportFromAggregates } from '@suivi/domain';
import type { Country, MetricReport } from '@suivi/domain';
import { DatabaseModule } from '@suivi/persistence';
import { QueueModule } from '@suivi/queue';
import { fmt, percentile } from '../support/stats';
import { BENCH_CHECKPOINT_KEY } from '../support/checkpoint-key';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/suivi_scale';
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const FULL_SCAN_RUNS = Number(process.env.BENCH_FULL_SCAN_RUNS ?? 3);

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL,
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '4',
    LINK_SECRET: process.env.LINK_SECRET ?? 'bench-link-secret-0123456789abcdefghijklmnop',
    CHECKPOINT_SIGNING_KEY: BENCH_CHECKPOINT_KEY,
  });
  @Module({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), QueueModule, ComplaintsModule],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  try {
    const db = app.get(DataSource);
    const audit = app.get(AuditMetricsService);
    const [largest]: { id: string; code: string; complaints: number; last: Date }[] = await db.query(
      `SELECT l.id, l.code, count(*)::int AS complaints, max(c.created_at) AS last
         FROM complaints c JOIN landlords l ON l.id = c.landlord_id
        GROUP BY l.id, l.code ORDER BY count(*) DESC LIMIT 1`,
    );
    if (!largest) throw new Error('no complaints: run npm run seed:scale first');
    const [{ total, events }]: { total: number; events: number }[] = await db.query(
      `SELECT (SELECT count(*)::int FROM complaints) AS total,
              (SELECT reltuples::bigint FROM pg_class WHERE relname = 'complaint_events') AS events`,
    );
    const year = largest.last.getUTCFullYear() - 1;
    const query: MetricsQuery = {
      landlordCode: largest.code,
      from: new Date(`${year}-01-01T00:00:00Z`),
      to: new Date(`${year + 1}-01-01T00:00:00Z`),
    };
    const now = new Date();
    console.log(
      `bench:audit on ${total.toLocaleString('en')} complaints (~${Number(events).toLocaleString('en')} events): ` +
        `${largest.code} (${largest.complaints.toLocaleString('en')} complaints), year ${year}`,
    );

    const fast = () => audit.metrics(query, 'all', now);
    for (let i = 0; i < 2; i++) await fast();
    const fastTimes: number[] = [];
    let fastReport: MetricReport | null = null;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      fastReport = (await fast()).overall;
      fastTimes.push(performance.now() - t);
    }

    const scanTimes: number[] = [];
    let scanReport: MetricReport | null = null;
    const scan = fullScan(db, largest.id, query, now);
    await scan.prepare();
    if (process.env.BENCH_EXPLAIN) console.log(await scan.explain());
    for (let i = 0; i < FULL_SCAN_RUNS; i++) {
      const t = performance.now();
      scanReport = await scan.run();
      scanTimes.push(performance.now() - t);
    }

    const sortedFast = [...fastTimes].sort((a, b) => a - b);
    const sortedScan = [...scanTimes].sort((a, b) => a - b);
    const p50 = percentile(sortedFast, 50);
    const scanP50 = percentile(sortedScan, 50);
    console.log(`  volume ${fastReport?.volume.toLocaleString('en')} complaints filed in ${year}`);
    console.log(
      `  report (rollups, AuditMetricsService)  p50 ${fmt(p50)} ms  p95 ${fmt(percentile(sortedFast, 95))} ms  (${RUNS} runs)`,
    );
    console.log(
      `  full scan over events (one SQL)        p50 ${fmt(scanP50)} ms  p95 ${fmt(percentile(sortedScan, 95))} ms  (${FULL_SCAN_RUNS} runs)`,
    );
    console.log(
      `  ratio full scan / report: ${fmt(scanP50 / p50)}×   target p50 < 300 ms: ${p50 < 300 ? 'met' : 'NOT met'}`,
    );
    const same = isDeepStrictEqual(fastReport, scanReport);
    console.log(`  same figures (report vs full scan): ${same ? 'yes' : 'NO'}`);
    if (!same) printDifferences(fastReport, scanReport);

    if (process.env.BENCH_REFERENCE !== 'false') {
      const t = performance.now();
      const reference = (await audit.referenceMetrics(query, 'all', now)).overall;
      const ms = performance.now() - t;
      const agrees = isDeepStrictEqual(fastReport, reference);
      console.log(
        `  reference computeMetrics (facts from events, in memory, once): ${fmt(ms)} ms; same figures: ${agrees ? 'yes' : 'NO'}`,
      );
      if (!agrees) printDifferences(fastReport, reference);
    }
    const r = fastReport as MetricReport;
    console.log(
      `  e.g. acknowledge: median ${r.timeTo.acknowledge.medianWorkingDays} WD, p90 ${r.timeTo.acknowledge.p90WorkingDays} WD; ` +
        `within deadline ${r.withinDeadline.acknowledge.share} raw, ${r.withinDeadline.acknowledge.netOfTenantDelay.share} net; ` +
        `intervene ${r.withinDeadline.intervene.share} raw, ${r.withinDeadline.intervene.netOfTenantDelay.share} net`,
    );
  } finally {
    await app.close();
  }
}

function printDifferences(a: unknown, b: unknown, path = ''): void {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      printDifferences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
    }
  } else if (a !== b) {
    console.log(`    ${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
}

/**
 * The same report from the events alone, in one SQL statement: per complaint, the facts are taken from its
 * events (first acknowledgement and assignment, last works report, escalation, reopenings, override, close
 * reason, tenant holds as intervals with their end at the release or closing), working days counted with a
 * per-day cumulative table of the landlord's calendar passed as an array, then the same aggregate as the
 * report. No rollup column is read.
 */
function fullScan(db: DataSource, landlordId: string, query: MetricsQuery, now: Date) {
  let params: unknown[] = [];
  let sql = '';
  return {
    async prepare() {
      const [landlord]: { timezone: string; country: string; region: string; closures: string[] }[] =
        await db.query(
          `SELECT timezone, country, region, closure_days::text[] AS closures FROM landlords WHERE id = $1`,
          [landlordId],
        );
      const calendar = new WorkingCalendar({
        country: landlord.country as Country,
        region: landlord.region,
        timeZone: landlord.timezone,
        closures: landlord.closures,
      });
      // cum[k] = working days from `start` through day start + k - 1 (1-based, as SQL arrays are).
      const start = new Date(query.from.getTime() - 2 * 86_400_000);
      const cum: number[] = [];
      let count = 0;
      for (let day = start.getTime(); day <= now.getTime() + 2 * 86_400_000; day += 86_400_000) {
        if (calendar.isWorkingDay(new Date(day).toISOString().slice(0, 10))) count += 1;
        cum.push(count);
      }
      const startDay = start.toISOString().slice(0, 10);
      params = [landlordId, query.from, query.to, now, landlord.timezone, cum, startDay];
      const localDay = (ts: string) => `(${ts} AT TIME ZONE $5)::date`;
      const wd = (from: string, to: string) =>
        `CASE WHEN ${to} IS NULL THEN NULL WHEN ${localDay(to)} <= ${localDay(from)} OR ${to} <= ${from} THEN 0
              ELSE ($6::int[])[${localDay(to)} - $7::date] - ($6::int[])[${localDay(from)} - $7::date + 1] END`;
      const TENANT_HOLD = `e.action = 'hold' AND e.payload ->> 'holdReason' IN ('tenant_no_access', 'tenant_request')`;
      // Tenant delay until a moment: the holds clipped to [filing, moment], summed per complaint.
      const clipped = (t: string) =>
        `sum(CASE WHEN ${t} IS NULL THEN NULL ELSE greatest(0,
            extract(epoch FROM least(coalesce(h.end_at, ${t}), ${t})) - extract(epoch FROM greatest(h.from_at, f.created_at)))
          * 1000 END)::bigint`;
      const derived = `
        WITH scope AS (
          SELECT c.id, c.created_at, c.closed_at, c.urgency, c.rating, c.partner_organisation_id, c.category,
                 c.urgency_level, c.intake_channel
            FROM complaints c
           WHERE c.landlord_id = $1 AND c.created_at >= $2 AND c.created_at < $3
        ),
        events AS (
          -- For hold, release and closing events: the next one of them, which ends a hold.
          SELECT e.complaint_id, e.seq, e.at, e.action, e.payload,
                 lead(e.at) OVER (PARTITION BY e.complaint_id, e.action IN ('hold', 'release', 'close', 'close_without_works')
                                  ORDER BY e.seq) AS next_edge
            FROM complaint_events e JOIN scope s ON s.id = e.complaint_id
        ),
        facts AS (
          SELECT s.*,
                 min(e.at) FILTER (WHERE e.action = 'acknowledge') AS acknowledged_at,
                 min(e.at) FILTER (WHERE e.action = 'assign') AS assigned_at,
                 max(e.at) FILTER (WHERE e.action = 'report_done') AS works_done_at,
                 min(e.at) FILTER (WHERE e.action = 'escalate') AS escalated_at,
                 count(*) FILTER (WHERE e.action = 'reopen')::int AS reopen_count,
                 coalesce(bool_or(e.action = 'override_urgency'), false) AS urgency_overridden,
                 CASE WHEN s.closed_at IS NOT NULL THEN
                   (array_agg(CASE WHEN e.action = 'close' THEN 'works' ELSE e.payload ->> 'closeReason' END
                              ORDER BY e.seq DESC) FILTER (WHERE e.action IN ('close', 'close_without_works')))[1]
                 END AS close_reason,
                 array_agg(e.at ORDER BY e.seq) FILTER (WHERE ${TENANT_HOLD}) AS hold_from,
                 array_agg(e.next_edge ORDER BY e.seq) FILTER (WHERE ${TENANT_HOLD}) AS hold_to
            FROM scope s JOIN events e ON e.complaint_id = s.id
           GROUP BY s.id, s.created_at, s.closed_at, s.urgency, s.rating, s.partner_organisation_id, s.category,
                    s.urgency_level, s.intake_channel
        )
        SELECT f.*,
               (f.urgency #>> '{due,acknowledge}')::timestamptz AS acknowledge_due_at,
               (f.urgency #>> '{due,intervene}')::timestamptz AS intervene_due_at,
               (f.urgency #>> '{due,resolve}')::timestamptz AS resolve_due_at,
               ${wd('f.created_at', 'f.acknowledged_at')} AS acknowledge_working_days,
               ${wd('f.created_at', 'f.assigned_at')} AS assign_working_days,
               ${wd('f.created_at', 'f.works_done_at')} AS works_done_working_days,
               ${wd('f.created_at', 'f.closed_at')} AS close_working_days,
               CASE WHEN f.acknowledged_at IS NOT NULL THEN coalesce(hs.acknowledge_delay, 0) END AS acknowledge_tenant_delay_ms,
               CASE WHEN f.works_done_at IS NOT NULL THEN coalesce(hs.intervene_delay, 0) END AS intervene_tenant_delay_ms,
               CASE WHEN f.closed_at IS NOT NULL THEN coalesce(hs.resolve_delay, 0) END AS resolve_tenant_delay_ms,
               coalesce(hs.ended, 0) AS tenant_delay_ms,
               hs.open_since AS tenant_hold_since
          FROM facts f LEFT JOIN LATERAL (
            SELECT ${clipped('f.acknowledged_at')} AS acknowledge_delay,
                   ${clipped('f.works_done_at')} AS intervene_delay,
                   ${clipped('f.closed_at')} AS resolve_delay,
                   sum(extract(epoch FROM h.end_at - h.from_at) * 1000)::bigint AS ended,
                   max(h.from_at) FILTER (WHERE h.end_at IS NULL) AS open_since
              FROM unnest(f.hold_from, f.hold_to) AS h(from_at, end_at)
          ) hs ON true`;
      sql = aggregateSql(`FROM (${derived}) c`, null, '$4::timestamptz', '$5::text');
    },
    async explain(): Promise<string> {
      const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE) ${sql}`, params);
      return plan.map((r) => r['QUERY PLAN']).join('\n');
    },
    async run(): Promise<MetricReport> {
      const rows: AggregateRow[] = await db.transaction(async (em) => {
        await em.query(`SET LOCAL work_mem = '64MB'`);
        return em.query(sql, params);
      });
      const [{ homes }]: { homes: number | null }[] = await db.query(
        `SELECT sum(homes_count)::int AS homes FROM residences WHERE landlord_id = $1`,
        [landlordId],
      );
      return reportFromAggregates(aggregatesOf(rows[0]), homes || null);
    },
  };
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
