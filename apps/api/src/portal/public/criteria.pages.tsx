import { Controller, Get, Inject, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TransparencyService, UrgencyService } from '@suivi/complaints';
import { OrganisationService } from '@suivi/organisation';
import { Public } from '../../common/access';
import { CalendarQueryDto } from '../../urgency/urgency.controller';
import { Table, formatDate } from '../components';
import { CriteriaBody } from './criteria.view';
import { validateForm } from '../forms';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { words } from './criteria.words';

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
    sendPage(
      reply,
      <Layout page={page} title={t.title(criteria.landlord)} wide>
        <CriteriaBody
          criteria={criteria}
          lang={lang}
          landlordCode={landlord.code}
          timeZone={landlord.timezone}
          verifierKey={this.transparency.verifierKey()}
        />
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
