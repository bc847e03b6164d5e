import { Body, Controller, Get, Inject, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { UserPrincipal } from '@suivi/access';
import { ComplaintsService, LinksService } from '@suivi/complaints';
import { CATEGORY_LABELS, DomainError, DomainErrorCode, STATUS_LABELS } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { AreaNav } from '../area-nav';
import { FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { Allow, CurrentUser } from '../../common/access';
import { Choices, DateTime, Notice, Select, Table, TextField } from '../components';
import { NextStep, StatusSteps, Timeline, UrgencyDecision } from '../complaint-parts';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { dictionary, say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { isPlaceField } from '../filing-fields';
import { FilingForm, filingPlain, friendlyErrors } from './filing-form';

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

const words = dictionary({
  fr: {
    area: 'Espace partenaire',
    reports: 'Mes signalements',
    fileNav: 'Signaler pour un locataire',
    reportsTitle: 'Les signalements de votre structure',
    reportsIntro:
      'Chaque signalement déposé pour un locataire, et le temps que le bailleur a mis à chaque étape. Un signalement sans réponse est signalé comme tel.',
    none: 'Aucun signalement pour l’instant.',
    caption: 'Signalements et temps de réponse du bailleur',
    reference: 'Référence',
    yourRef: 'Votre dossier',
    landlord: 'Bailleur',
    category: 'Problème',
    filed: 'Déposé le',
    status: 'État',
    answer: 'Réponse du bailleur',
    notAnswered: 'Pas encore de réponse',
    waiting: (d: string) => `depuis ${d}`,
    answered: (d: string) => `Répondu ${d} après le dépôt`,
    steps: {
      acknowledged: 'Prise en charge',
      assigned: 'Entreprise désignée',
      worksChecked: 'Travaux vérifiés',
      closed: 'Dossier clos',
    } as Record<string, string>,
    timings: 'Temps de réponse du bailleur',
    timingsCaption: 'Chaque étape : quand, et combien de temps après le dépôt',
    step: 'Étape',
    when: 'Quand',
    after: 'Après le dépôt',
    notYet: 'pas encore',
    caseTitle: (ref: string) => `Signalement ${ref}`,
    history: 'Historique',
    fileTitle: 'Signaler un problème pour un locataire',
    fileIntro:
      'Avec l’accord du locataire. Il recevra lui-même la référence et le lien de suivi par SMS ou e-mail ; vous suivez la réponse du bailleur ici.',
    search: 'Trouver le logement',
    searchLabel: 'Adresse, code postal, ville ou nom de la résidence',
    searchHint: 'Par exemple 59000, ou « rue des Tilleuls ».',
    searchButton: 'Chercher',
    place: 'Résidence',
    placeHint: (n: number) =>
      n === 0
        ? 'Aucune résidence trouvée : modifiez la recherche ci-dessus.'
        : `${n} résidence(s) trouvée(s).`,
    choose: 'Choisir…',
    consent: 'Accord du locataire',
    consentOption: 'Le locataire a donné son accord pour ce signalement',
    caseReference: 'Référence de votre dossier',
    caseReferenceHint: 'Pour retrouver ce signalement dans vos propres dossiers.',
    submit: 'Envoyer le signalement',
    filedDone:
      'Signalement envoyé au bailleur. Le locataire reçoit la référence et le lien de suivi ; la réponse du bailleur s’affichera ici.',
  },
  en: {
    area: 'Partner area',
    reports: 'My reports',
    fileNav: 'Report for a tenant',
    reportsTitle: 'Your organisation’s reports',
    reportsIntro:
      'Every report filed for a tenant, and how long the landlord took at each step. A report with no answer is flagged as such.',
    none: 'No report yet.',
    caption: 'Reports and the landlord’s response times',
    reference: 'Reference',
    yourRef: 'Your case',
    landlord: 'Landlord',
    category: 'Problem',
    filed: 'Filed on',
    status: 'Status',
    answer: 'Landlord’s answer',
    notAnswered: 'Not answered yet',
    waiting: (d: string) => `for ${d}`,
    answered: (d: string) => `Answered ${d} after filing`,
    steps: {
      acknowledged: 'Acknowledged',
      assigned: 'Contractor assigned',
      worksChecked: 'Works checked',
      closed: 'Case closed',
    } as Record<string, string>,
    timings: 'The landlord’s response times',
    timingsCaption: 'Each step: when, and how long after filing',
    step: 'Step',
    when: 'When',
    after: 'After filing',
    notYet: 'not yet',
    caseTitle: (ref: string) => `Report ${ref}`,
    history: 'History',
    fileTitle: 'Report a problem for a tenant',
    fileIntro:
      'With the tenant’s agreement. The tenant gets the reference and the tracking link by text or email; you follow the landlord’s answer here.',
    search: 'Find the home',
    searchLabel: 'Address, postcode, town or residence name',
    searchHint: 'For example 59000, or “rue des Tilleuls”.',
    searchButton: 'Search',
    place: 'Residence',
    placeHint: (n: number) =>
      n === 0 ? 'No residence found: change the search above.' : `${n} residence(s) found.`,
    choose: 'Choose…',
    consent: 'Tenant’s agreement',
    consentOption: 'The tenant agreed to this report',
    caseReference: 'Your case reference',
    caseReferenceHint: 'To find this report in your own files.',
    submit: 'Send the report',
    filedDone:
      'Report sent to the landlord. The tenant gets the reference and the tracking link; the landlord’s answer will show here.',
  },
});

/** A duration in words: "3 jours et 4 heures", "less than an hour". */
export function durationWords(hours: number, lang: Lang): string {
  const fr = lang === 'fr';
  if (hours < 1) return fr ? 'moins d’une heure' : 'less than an hour';
  const whole = Math.round(hours);
  const days = Math.floor(whole / 24);
  const rest = whole % 24;
  const h = (n: number) => (fr ? `${n} heure${n > 1 ? 's' : ''}` : `${n} hour${n > 1 ? 's' : ''}`);
  const d = (n: number) => (fr ? `${n} jour${n > 1 ? 's' : ''}` : `${n} day${n > 1 ? 's' : ''}`);
  if (days === 0) return h(rest);
  if (rest === 0) return d(days);
  return `${d(days)} ${fr ? 'et' : 'and'} ${h(rest)}`;
}

type PartnerReport = Awaited<ReturnType<LinksService['partnerComplaints']>>[number];
const STEP_KEYS = ['acknowledged', 'assigned', 'worksChecked', 'closed'] as const;
const STEP_ACTIONS: Record<(typeof STEP_KEYS)[number], string[]> = {
  acknowledged: ['acknowledge'],
  assigned: ['assign'],
  worksChecked: ['check_works'],
  closed: ['close', 'close_without_works'],
};

function PartnerNav(props: { lang: Lang; current: string }) {
  const t = words(props.lang);
  return (
    <AreaNav
      label={t.area}
      current={props.current}
      links={[
        ['/partners', t.reports],
        ['/partners/file', t.fileNav],
      ]}
    />
  );
}

/** Whether the landlord answered, in words and with a badge that says it. */
function AnswerState(props: { report: PartnerReport; lang: Lang }) {
  const { report, lang } = props;
  const t = words(lang);
  const hours = report.hoursToStep.acknowledged;
  if (!report.answered || hours === null) {
    const waited = (Date.now() - Date.parse(report.filedAt)) / 3_600_000;
    return (
      <>
        <span class="badge overdue">{t.notAnswered}</span> {t.waiting(durationWords(waited, lang))}
      </>
    );
  }
  return <span class="badge ok">{t.answered(durationWords(hours, lang))}</span>;
}

/** Partners (social workers, charities): their reports with the landlord's response times, and filing. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('partners')
export class PartnerPages {
  constructor(
    @Inject(LinksService) private readonly links: LinksService,
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get()
  @Allow('partner.complaints')
  async reports(@Page() page: PageContext, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply) {
    const lang = page.lang;
    const t = words(lang);
    const reports = await this.links.partnerComplaints(user.partnerOrganisationId ?? NO_ORGANISATION);
    sendPage(
      reply,
      <Layout page={page} title={t.reportsTitle} wide>
        <PartnerNav lang={lang} current="/partners" />
        <h1>{t.reportsTitle}</h1>
        <p>{t.reportsIntro}</p>
        {reports.length === 0 ? (
          <Notice>{t.none}</Notice>
        ) : (
          <Table
            caption={t.caption}
            head={[t.reference, t.yourRef, t.landlord, t.category, t.filed, t.status, t.answer]}
          >
            {reports.map((r) => (
              <tr key={r.reference}>
                <th scope="row">
                  <a href={`/partners/complaints/${r.reference}`}>{r.reference}</a>
                </th>
                <td>{r.caseReference ?? '—'}</td>
                <td>{r.landlord}</td>
                <td>{say(CATEGORY_LABELS, r.category, lang)}</td>
                <td>
                  <DateTime at={r.filedAt} lang={lang} timeZone={r.timeZone} />
                </td>
                <td>{say(STATUS_LABELS, r.status, lang)}</td>
                <td>
                  <AnswerState report={r} lang={lang} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Layout>,
    );
  }

  @Get('complaints/:reference')
  @Allow('partner.complaints')
  async report(
    @Page() page: PageContext,
    @Param('reference') reference: string,
    @Query('done') done: string | undefined,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const [report] = await this.links.partnerComplaints(
      user.partnerOrganisationId ?? NO_ORGANISATION,
      reference,
    );
    if (!report) throw new DomainError(DomainErrorCode.NotFound, 'No report with this reference');
    const lang = page.lang;
    const t = words(lang);
    const tz = report.timeZone;
    const firstAt = (actions: string[]) =>
      report.timeline.find((e) => actions.includes(e.action))?.at ?? null;
    sendPage(
      reply,
      <Layout page={page} title={t.caseTitle(report.reference)}>
        <PartnerNav lang={lang} current="" />
        <h1>
          {t.caseTitle('')}
          <span class="reference">{report.reference}</span>
        </h1>
        {done === 'filed' ? <Notice kind="success">{t.filedDone}</Notice> : null}
        <dl class="facts">
          <dt>{t.status}</dt>
          <dd>
            <strong>{say(STATUS_LABELS, report.status, lang)}</strong>
          </dd>
          <dt>{t.answer}</dt>
          <dd>
            <AnswerState report={report} lang={lang} />
          </dd>
          <dt>{t.landlord}</dt>
          <dd>{report.landlord}</dd>
          <dt>{t.category}</dt>
          <dd>{say(CATEGORY_LABELS, report.category, lang)}</dd>
          <dt>{t.filed}</dt>
          <dd>
            <DateTime at={report.filedAt} lang={lang} timeZone={tz} />
          </dd>
          {report.caseReference ? (
            <>
              <dt>{t.yourRef}</dt>
              <dd>{report.caseReference}</dd>
            </>
          ) : null}
        </dl>
        <NextStep step={report.nextStep} lang={lang} timeZone={tz} />
        <section aria-labelledby="timings-title">
          <h2 id="timings-title">{t.timings}</h2>
          <Table caption={t.timingsCaption} head={[t.step, t.when, t.after]}>
            {STEP_KEYS.map((key) => {
              const at = firstAt(STEP_ACTIONS[key]);
              const hours = report.hoursToStep[key];
              return (
                <tr key={key}>
                  <th scope="row">{t.steps[key]}</th>
                  <td>{at ? <DateTime at={at} lang={lang} timeZone={tz} /> : t.notYet}</td>
                  <td>{hours === null || hours === undefined ? t.notYet : durationWords(hours, lang)}</td>
                </tr>
              );
            })}
          </Table>
        </section>
        <StatusSteps status={report.status} lang={lang} />
        {report.urgency ? <UrgencyDecision urgency={report.urgency} lang={lang} timeZone={tz} /> : null}
        <Timeline items={report.timeline} lang={lang} timeZone={tz} title={t.history} />
      </Layout>,
    );
  }

  @Get('file')
  @Allow('partner.complaints')
  async fileForm(@Page() page: PageContext, @Query('q') q: string | undefined, @Res() reply: FastifyReply) {
    const query = typeof q === 'string' ? q.slice(0, 100) : '';
    sendPage(reply, await this.filePage(page, emptyForm({ q: query, 'tenant.language': page.lang })));
  }

  @Post('file')
  @Allow('partner.complaints')
  async file(
    @Page() page: PageContext,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const form: FormState = { values: formValues(body), errors: {} };
    const { q: _q, place: _place, ...rest } = form.values;
    const [landlordCode, residenceCode] = valueOf(form, 'place').split('/');
    const plain = filingPlain({ values: rest, errors: {} });
    Object.assign(plain, { landlordCode: landlordCode ?? '', ...(residenceCode ? { residenceCode } : {}) });
    plain.partner = {
      tenantConsent: valueOf(form, 'partner.tenantConsent') === 'yes',
      ...(valueOf(form, 'partner.caseReference').trim()
        ? { caseReference: valueOf(form, 'partner.caseReference').trim() }
        : {}),
    };
    const refuse = async (errors: FieldMessages) => {
      const placed: FieldMessages = {};
      for (const [field, message] of Object.entries(errors)) {
        placed[isPlaceField(field) ? 'place' : field] ??= message;
      }
      form.errors = friendlyErrors(placed, page.lang);
      sendPage(reply, await this.filePage(page, form), 400);
    };
    const checked = await validateForm(FileComplaintDto, plain);
    if (!checked.ok) return refuse(checked.errors);
    try {
      const filed = await fileAs(this.complaints, checked.value, user);
      seeOther(reply, `/partners/complaints/${filed.reference}?done=filed`);
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      await refuse(errors);
    }
  }

  private async filePage(page: PageContext, form: FormState) {
    const lang = page.lang;
    const t = words(lang);
    const q = valueOf(form, 'q');
    const found = await this.organisation.searchResidences(q, 50);
    const options = found.map((r) => ({
      value: `${r.landlordCode}/${r.residenceCode}`,
      label: `${r.name} — ${r.address}, ${r.postcode} ${r.city} (${r.landlordName})`,
    }));
    return (
      <Layout page={page} title={t.fileTitle}>
        <PartnerNav lang={lang} current="/partners/file" />
        <h1>{t.fileTitle}</h1>
        <p>{t.fileIntro}</p>
        <form method="get" action="/partners/file" class="box" role="search" aria-labelledby="search-title">
          <h2 id="search-title">{t.search}</h2>
          <TextField
            name="q"
            type="search"
            label={t.searchLabel}
            hint={t.searchHint}
            form={emptyForm({ q })}
            lang={lang}
          />
          <button type="submit" class="button secondary">
            {t.searchButton}
          </button>
        </form>
        <FilingForm
          page={page}
          form={form}
          action="/partners/file"
          submit={t.submit}
          place={
            <>
              <input type="hidden" name="q" value={q} />
              <Select
                name="place"
                label={t.place}
                hint={t.placeHint(found.length)}
                form={form}
                lang={lang}
                required
                placeholder={t.choose}
                options={options}
              />
            </>
          }
          extra={
            <>
              <TextField
                name="partner.caseReference"
                label={t.caseReference}
                hint={t.caseReferenceHint}
                form={form}
                lang={lang}
                maxLength={64}
                size="medium"
              />
              <Choices
                name="partner.tenantConsent"
                label={t.consent}
                form={form}
                lang={lang}
                required
                multiple
                options={[{ value: 'yes', label: t.consentOption }]}
              />
            </>
          }
        />
      </Layout>
    );
  }
}
