import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import { DomainError } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { OrganisationService, notCalendarDays } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { CalendarQueryDto, ClosuresDto } from '../../urgency/urgency.controller';
import { Button, Csrf, DateTime, ErrorSummary, Notice, Table, TextArea } from '../components';
import { emptyForm, formValues, invalidInputOf, messageOf, validateForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManageLayout, ManagePages, doneMessage, sectionHref } from './manage-parts';
import { words } from './calendar.words';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The lines of the text area as days, blank lines and spaces ignored. */
const daysOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);

/** The landlord's working-day calendar for a year, and the closure days its admin sets. */
@ManagePages('calendar')
export class CalendarPages {
  constructor(
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get()
  @Allow('landlord.manage')
  async show(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('year') year: unknown,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const shown = await yearOf(year);
    const form = emptyForm({ days: landlord.closureDays.join('\n') });
    const t = words(page.lang);
    sendPage(reply, this.render(page, landlord, shown, form, doneMessage(done, { closures: t.saved })));
  }

  @Post()
  @Allow('landlord.manage')
  async save(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('year') year: unknown,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const shown = await yearOf(year);
    const form: FormState = { values: formValues(body), errors: {} };
    const days = daysOf(valueOf(form, 'days'));
    const checked = await validateForm(ClosuresDto, { days });
    if (!checked.ok) {
      const wrong = days.filter((d) => !DATE.test(d));
      form.errors.days = wrong.length
        ? t.badFormat(wrong.join(', '))
        : days.length > 366
          ? t.tooMany
          : checked.errors.days;
      return sendPage(reply, this.render(page, landlord, shown, form, null), 400);
    }
    try {
      await this.organisation.setClosures(landlord.code, checked.value.days, scope);
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      const missing = notCalendarDays(days);
      form.errors.days = missing.length ? t.notDays(missing.join(', ')) : (errors.days ?? errors._form);
      return sendPage(reply, this.render(page, landlord, shown, form, null), 400);
    }
    seeOther(reply, `${sectionHref(landlord.code, 'calendar')}?year=${shown}&done=closures`);
  }

  private render(
    page: PageContext,
    landlord: LandlordEntity,
    year: number,
    form: FormState,
    done: string | null,
  ) {
    const { lang } = page;
    const t = words(lang);
    const holidays = [...this.urgency.calendarFor(landlordCalendarRow(landlord)).publicHolidays(year)];
    const closures = landlord.closureDays.filter((d) => d.startsWith(`${year}-`));
    const base = sectionHref(landlord.code, 'calendar');
    // Holiday names come in the calendar country's language.
    const namesLang = landlord.country === 'FR' ? 'fr' : 'en';
    const day = (date: string) => (
      <DateTime at={`${date}T12:00:00Z`} lang={lang} timeZone="UTC" style="date" />
    );
    return (
      <ManageLayout page={page} landlord={landlord} section="calendar" title={t.title}>
        <h1>
          {t.title} — {year}
        </h1>
        {done ? <Notice kind="success">{done}</Notice> : null}
        <ErrorSummary form={form} lang={lang} labels={{ days: t.days }} />
        <p>{t.intro}</p>
        <p class="muted">{t.region(landlord.country, landlord.region)}</p>
        <nav aria-label={t.years}>
          <ul class="manage-links">
            <li>
              <a href={`${base}?year=${year - 1}`}>{t.previous(year - 1)}</a>
            </li>
            <li>
              <a href={`${base}?year=${year + 1}`}>{t.next(year + 1)}</a>
            </li>
          </ul>
        </nav>
        <div class="trial-results">
          <section aria-labelledby="holidays-title">
            <h2 id="holidays-title">{t.holidays(year)}</h2>
            <Table caption={t.holidays(year)} head={[t.date, t.name]}>
              {holidays.map(([date, name]) => (
                <tr key={date}>
                  <td>{day(date)}</td>
                  <td lang={namesLang}>{name}</td>
                </tr>
              ))}
            </Table>
          </section>
          <section aria-labelledby="closures-title">
            <h2 id="closures-title">{t.closures(year)}</h2>
            {closures.length ? (
              <ul class="closures">
                {closures.map((date) => (
                  <li key={date}>{day(date)}</li>
                ))}
              </ul>
            ) : (
              <p>{t.noClosures}</p>
            )}
          </section>
        </div>
        <h2>{t.formTitle}</h2>
        <form method="post" action={`${base}?year=${year}`} noValidate>
          <Csrf page={page} />
          <TextArea name="days" label={t.days} hint={t.daysHint} form={form} lang={lang} rows={8} required />
          <Button>{t.save}</Button>
        </form>
      </ManageLayout>
    );
  }
}

/** `?year=` checked by the API's query DTO (2000–2100); this year when absent. */
async function yearOf(year: unknown): Promise<number> {
  if (year === undefined || year === '') return new Date().getFullYear();
  const checked = await validateForm(CalendarQueryDto, {
    year: typeof year === 'string' && /^\d+$/.test(year) ? Number(year) : year,
  });
  if (!checked.ok)
    throw DomainError.invalidInput([
      { field: 'year', message: checked.errors.year ? messageOf(checked.errors.year) : 'invalid' },
    ]);
  return checked.value.year ?? new Date().getFullYear();
}
