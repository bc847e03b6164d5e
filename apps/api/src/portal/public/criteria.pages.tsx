import { Controller, Get, Inject, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TransparencyService, UrgencyService } from '@suivi/complaints';
import { CATEGORY_LABELS, FLAG_QUESTIONS, STAGE_LABELS, STAGES } from '@suivi/domain';
import type { Stage } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { Public } from '../../common/access';
import { CalendarQueryDto } from '../../urgency/urgency.controller';
import { Table, formatDate } from '../components';
import { validateForm } from '../forms';
import { say } from '../i18n';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { words, deadlineWords, monthDay } from './criteria.words';

/** A landlord's published urgency rules in plain words, and its calendar of non-working days. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('criteria')
export class CriteriaPages {
  constructor(
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(TransparencyService) private readonly transparency: TransparencyService,
  ) {}

  @Get(':landlordCode')
  @Public()
  async criteria(@Page() page: PageContext, @Param('landlordCode') code: string, @Res() reply: FastifyReply) {
    const landlord = await this.organisation.landlord(code, 'all');
    const criteria = await this.urgency.publicCriteria(landlord);
    const { lang } = page;
    const t = words(lang);
    const stages = STAGES.filter((stage) => criteria.levels.some((level) => level.deadlines[stage]));
    const season = (s: 'heating' | 'outside_heating') =>
      t.season[s](monthDay(criteria.heatingPeriod.from, lang), monthDay(criteria.heatingPeriod.to, lang));
    const year = new Date().getFullYear();
    sendPage(
      reply,
      <Layout page={page} title={t.title(criteria.landlord)} wide>
        <h1>{t.title(criteria.landlord)}</h1>
        <p>{t.intro}</p>
        <p class="muted">
          {t.version(criteria.version)}
          {criteria.publishedAt
            ? `, ${t.publishedOn(formatDate(criteria.publishedAt, lang, landlord.timezone, 'date'))}`
            : ` — ${t.preset}`}
          .
        </p>
        <h2>{t.levels}</h2>
        <Table caption={t.levels} head={[t.level, ...stages.map((stage) => say(STAGE_LABELS, stage, lang))]}>
          {criteria.levels.map((level) => (
            <tr key={level.id}>
              <th scope="row">{level.label[lang]}</th>
              {stages.map((stage: Stage) => {
                const deadline = level.deadlines[stage];
                return <td key={stage}>{deadline ? deadlineWords(deadline, lang) : t.none}</td>;
              })}
            </tr>
          ))}
        </Table>
        <p class="muted">{t.deadlineNote}</p>
        <p>
          <a href={`/criteria/${encodeURIComponent(landlord.code)}/calendar?year=${year}`}>
            {t.calendar(year)}
          </a>
        </p>
        <h2>{t.situations}</h2>
        {criteria.levels.map((level) => {
          const rules = criteria.rules.filter((rule) => rule.level === level.id);
          const isDefault = criteria.otherwise.level === level.id;
          if (rules.length === 0 && !isDefault) return null;
          return (
            <section key={level.id} aria-labelledby={`level-${level.id}`}>
              <h3 id={`level-${level.id}`}>{level.label[lang]}</h3>
              <ul class="criteria-rules">
                {rules.map((rule) => {
                  const triggers = [
                    ...rule.categories.map((c) => t.category(say(CATEGORY_LABELS, c, lang))),
                    ...rule.flags.map((f) => t.answerYes(say(FLAG_QUESTIONS, f, lang))),
                    ...(rule.keywords.length ? [t.keywords(rule.keywords.join(', '))] : []),
                  ];
                  const conditions = [
                    ...(rule.unlessKeywords.length ? [t.unless(rule.unlessKeywords.join(', '))] : []),
                    ...rule.requiresFlags.map((f) => t.requires(say(FLAG_QUESTIONS, f, lang))),
                    ...(rule.season ? [season(rule.season)] : []),
                  ];
                  return (
                    <li key={rule.id}>
                      <p>
                        <strong>{rule.explanation[lang]}</strong>
                      </p>
                      <p>
                        {t.when} {triggers.length ? triggers.join(` ${t.or} `) : t.always}
                        {conditions.length ? `, ${conditions.join(` ${t.and} `)}` : ''}.
                      </p>
                      {rule.tenantResponsibility ? <p class="muted">{t.tenantResponsibility}</p> : null}
                    </li>
                  );
                })}
                {isDefault ? (
                  <li>
                    <p>
                      <strong>{t.otherwise}</strong> : {criteria.otherwise.explanation[lang]}
                    </p>
                  </li>
                ) : null}
              </ul>
            </section>
          );
        })}
        <h2>{t.vulnerable}</h2>
        <p>{criteria.raiseForVulnerableOccupant ? t.vulnerableYes : t.vulnerableNo}</p>
        <h2 id="history">{t.history}</h2>
        <p>{t.historyIntro}</p>
        <p>
          {t.key} <code class="vkey">{this.transparency.verifierKey()}</code>
        </p>
        <p>
          <a href={`/criteria/${encodeURIComponent(landlord.code)}/transparency`}>{t.forFederations}</a>
        </p>
      </Layout>,
    );
  }

  @Get(':landlordCode/transparency')
  @Public()
  async transparencyPage(
    @Page() page: PageContext,
    @Param('landlordCode') code: string,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, 'all');
    const { lang } = page;
    const t = words(lang);
    const [latest] = await this.transparency.list(landlord.code, 1);
    const base = this.transparency.publicBaseUrl();
    const encoded = encodeURIComponent(landlord.code);
    sendPage(
      reply,
      <Layout page={page} title={t.transparencyTitle(landlord.name)}>
        <h1>{t.transparencyTitle(landlord.name)}</h1>
        <h2>{t.proven}</h2>
        <p>{t.provenText}</p>
        <p>
          {t.key} <code class="vkey">{this.transparency.verifierKey()}</code> (
          <a href="/transparency/key">/transparency/key</a>)
        </p>
        <p>
          {t.latest}{' '}
          {latest ? (
            <a href={`/transparency/${encoded}/checkpoint`}>
              {latest.size} — {formatDate(latest.signedAt, lang, landlord.timezone, 'datetime')}
            </a>
          ) : (
            t.noCheckpoint
          )}
        </p>
        <h2>{t.save}</h2>
        <p>{t.saveText}</p>
        <pre class="commands">
          {`curl -s ${base}/transparency/key > checkpoints/suivi.vkey\n` +
            `npx suivi-verify fetch-checkpoint ${base} ${landlord.code} --out checkpoints --key checkpoints/suivi.vkey`}
        </pre>
        <h2>{t.verify}</h2>
        <p>{t.verifyText}</p>
        <pre class="commands">{`npx suivi-verify suivi-events-${landlord.code}.ndjson --checkpoints checkpoints`}</pre>
        <p>{t.rotation}</p>
        <p>
          <a href={`/criteria/${encoded}`}>{t.back}</a>
        </p>
      </Layout>,
    );
  }

  @Get(':landlordCode/calendar')
  @Public()
  async calendar(
    @Page() page: PageContext,
    @Param('landlordCode') code: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, 'all');
    const checked = await validateForm(CalendarQueryDto, {
      year: typeof query.year === 'string' ? query.year : undefined,
    });
    const year = (checked.ok ? checked.value.year : undefined) ?? new Date().getFullYear();
    const calendar = this.urgency.publicCalendar(landlord, year);
    const { lang } = page;
    const t = words(lang);
    const days = [
      ...calendar.publicHolidays.map((h) => ({ date: h.date, why: h.name })),
      ...calendar.closures.map((date) => ({ date, why: t.closure })),
    ].sort((a, b) => a.date.localeCompare(b.date));
    const href = (y: number) => `/criteria/${encodeURIComponent(landlord.code)}/calendar?year=${y}`;
    sendPage(
      reply,
      <Layout page={page} title={t.calendarTitle(landlord.name, year)}>
        <h1>{t.calendarTitle(landlord.name, year)}</h1>
        <p>{t.calendarIntro}</p>
        {days.length ? (
          <Table caption={t.calendar(year)} head={[t.date, t.why]}>
            {days.map((d) => (
              <tr key={d.date + d.why}>
                <td>
                  <time dateTime={d.date}>{formatDate(`${d.date}T12:00:00Z`, lang, 'UTC', 'date')}</time>
                </td>
                <td>{d.why}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <p>{t.noDays}</p>
        )}
        <nav aria-label={t.otherYears}>
          <ul class="actions">
            <li>
              <a href={href(year - 1)}>{year - 1}</a>
            </li>
            <li>
              <a href={href(year + 1)}>{year + 1}</a>
            </li>
          </ul>
        </nav>
        <p>
          <a href={`/criteria/${encodeURIComponent(landlord.code)}`}>{t.back}</a>
        </p>
      </Layout>,
    );
  }
}
