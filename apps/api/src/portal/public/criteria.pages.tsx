import { Controller, Get, Inject, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TransparencyService, UrgencyService } from '@suivi/complaints';
import { CATEGORY_LABELS, FLAG_QUESTIONS, STAGE_LABELS, STAGES } from '@suivi/domain';
import type { Deadline, Stage } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { Public } from '../../common/access';
import { CalendarQueryDto } from '../../urgency/urgency.controller';
import { Table, formatDate } from '../components';
import { validateForm } from '../forms';
import { dictionary, localeTag, say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';

const words = dictionary({
  fr: {
    title: (landlord: string) => `Critères d’urgence — ${landlord}`,
    intro:
      'Chaque signalement reçoit un niveau d’urgence selon ces règles, publiées par votre bailleur. Le niveau fixe les délais de chaque étape. Un chargé de clientèle peut relever le niveau, en le justifiant.',
    version: (v: number) => `Règles en vigueur : version ${v}`,
    publishedOn: (d: string) => `publiée le ${d}`,
    preset: 'les règles par défaut de Suivi pour ce pays (le bailleur n’a pas encore publié les siennes)',
    levels: 'Les niveaux et leurs délais',
    level: 'Niveau',
    none: '—',
    deadlineNote:
      'Les jours ouvrés excluent les week-ends, les jours fériés et les jours de fermeture du bailleur ; un délai en jours ouvrés finit le soir du dernier jour.',
    situations: 'Quelles situations mènent à quel niveau',
    when: 'Quand :',
    category: (c: string) => `le problème est « ${c} »`,
    answerYes: (q: string) => `vous répondez oui à « ${q} »`,
    keywords: (k: string) => `la description contient : ${k}`,
    unless: (k: string) => `sauf si elle parle de : ${k}`,
    and: 'et',
    or: 'ou',
    requires: (q: string) => `à condition de répondre oui à « ${q} »`,
    season: {
      heating: (from: string, to: string) => `pendant la période de chauffage (du ${from} au ${to})`,
      outside_heating: (from: string, to: string) => `hors période de chauffage (du ${from} au ${to})`,
    },
    always: 'dans tous les cas',
    tenantResponsibility:
      'Cette réparation peut être à la charge du locataire (décret 87-712) ; la sécurité est traitée d’abord.',
    otherwise: 'Dans les autres cas',
    vulnerable: 'Personne fragile dans le logement',
    vulnerableYes:
      'Si vous indiquez qu’une personne fragile vit chez vous (bébé, personne âgée, malade, handicap), le niveau monte d’un cran.',
    vulnerableNo: 'Ces règles ne relèvent pas le niveau quand une personne fragile vit dans le logement.',
    calendar: (year: number) => `Jours non ouvrés ${year} (jours fériés et fermetures)`,
    calendarTitle: (landlord: string, year: number) => `Jours non ouvrés ${year} — ${landlord}`,
    calendarIntro:
      'Ces jours ne comptent pas dans les délais en jours ouvrés, pas plus que les samedis et dimanches.',
    date: 'Date',
    why: 'Motif',
    closure: 'Fermeture du bailleur',
    noDays: 'Aucun jour pour cette année.',
    otherYears: 'Autres années',
    back: 'Retour aux critères d’urgence',
    history: 'Un historique que le bailleur ne peut pas réécrire',
    historyIntro:
      'Chaque événement des signalements et chaque note de satisfaction entre dans un journal public à ajout seul. Suivi en signe régulièrement l’état (un « point de contrôle ») avec la clé publique ci-dessous ; les fédérations qui conservent ces points de contrôle peuvent prouver qu’aucun historique n’a été modifié, tronqué ou supprimé ensuite.',
    key: 'Clé publique des points de contrôle :',
    latest: 'Dernier point de contrôle :',
    forFederations: 'Pour les fédérations : ce qui est prouvé et comment vérifier',
    transparencyTitle: (landlord: string) => `Historiques vérifiables — ${landlord}`,
    proven: 'Ce qui est prouvé',
    provenText:
      'Le journal du bailleur est un arbre de Merkle à ajout seul (RFC 6962 / 9162) : une feuille par événement et par note de satisfaction, dans l’ordre d’enregistrement. Une feuille ne contient que des faits publics : code du bailleur, identifiant public aléatoire du signalement, numéro d’ordre, action, états, rôle de l’auteur, date et empreinte de l’événement. Aucun nom, aucune coordonnée, aucun texte libre : l’effacement des données personnelles ne casse aucune preuve. Un point de contrôle signé fixe la taille et la racine de l’arbre à un instant donné ; tout export ultérieur doit le prolonger. Une modification, une suppression (y compris du dernier événement), un réordonnancement, un doublon, une chaîne recalculée ou un en-tête modifié rompt cette cohérence.',
    save: 'Conserver les points de contrôle',
    saveText:
      'Chaque nouveau point de contrôle est envoyé par e-mail aux auditeurs de fédération du bailleur ; conservez-le dans un dossier, sous forme de fichier .checkpoint. Vous pouvez aussi le télécharger vous-même, par exemple toutes les heures :',
    verify: 'Vérifier un export',
    verifyText:
      'Téléchargez l’export de la fédération (events.ndjson), puis vérifiez-le contre tous les points de contrôle conservés. Un échec nomme le point de contrôle concerné et, si possible, le signalement ; les événements postérieurs au dernier point de contrôle sont signalés comme « pas encore ancrés ».',
    rotation:
      'Changement de clé : la nouvelle clé est publiée à côté de l’ancienne et signe avec elle pendant une période de recouvrement ; gardez l’ancienne clé dans votre liste de confiance pour vérifier les points de contrôle déjà conservés.',
    noCheckpoint: 'Aucun point de contrôle pour le moment.',
    units: {
      hours: (n: number, working: boolean) => `${n} heure${n > 1 ? 's' : ''}${working ? ' ouvrées' : ''}`,
      working_days: (n: number) => `${n} jour${n > 1 ? 's' : ''} ouvré${n > 1 ? 's' : ''}`,
      days: (n: number) => `${n} jour${n > 1 ? 's' : ''} (calendaires)`,
    },
  },
  en: {
    title: (landlord: string) => `Urgency criteria — ${landlord}`,
    intro:
      'Every report gets an urgency level under these rules, published by your landlord. The level sets the deadline of each step. An agent may raise the level, giving a reason.',
    version: (v: number) => `Rules in force: version ${v}`,
    publishedOn: (d: string) => `published on ${d}`,
    preset: 'Suivi’s default rules for this country (the landlord has not published its own yet)',
    levels: 'The levels and their deadlines',
    level: 'Level',
    none: '—',
    deadlineNote:
      'Working days leave out weekends, public holidays and the landlord’s closure days; a deadline in working days ends on the evening of the last day.',
    situations: 'Which situations lead to which level',
    when: 'When:',
    category: (c: string) => `the problem is “${c}”`,
    answerYes: (q: string) => `you answer yes to “${q}”`,
    keywords: (k: string) => `the description contains: ${k}`,
    unless: (k: string) => `unless it speaks of: ${k}`,
    and: 'and',
    or: 'or',
    requires: (q: string) => `provided you answer yes to “${q}”`,
    season: {
      heating: (from: string, to: string) => `during the heating period (${from} to ${to})`,
      outside_heating: (from: string, to: string) => `outside the heating period (${from} to ${to})`,
    },
    always: 'in every case',
    tenantResponsibility:
      'This repair may be the tenant’s responsibility (décret 87-712); safety is dealt with first.',
    otherwise: 'In every other case',
    vulnerable: 'Someone vulnerable in the home',
    vulnerableYes:
      'If you say someone vulnerable lives with you (baby, elderly, ill, disabled), the level goes up one step.',
    vulnerableNo: 'These rules do not raise the level when someone vulnerable lives in the home.',
    calendar: (year: number) => `Non-working days ${year} (public holidays and closures)`,
    calendarTitle: (landlord: string, year: number) => `Non-working days ${year} — ${landlord}`,
    calendarIntro: 'These days do not count in deadlines in working days, nor do Saturdays and Sundays.',
    date: 'Date',
    why: 'Reason',
    closure: 'Landlord closed',
    noDays: 'No days for this year.',
    otherYears: 'Other years',
    back: 'Back to the urgency criteria',
    history: 'A history the landlord cannot rewrite',
    historyIntro:
      'Every event of the complaints and every satisfaction rating enters a public append-only log. Suivi regularly signs its state (a “checkpoint”) with the public key below; federations that keep these checkpoints can prove that no history was later changed, truncated or deleted.',
    key: 'Checkpoint public key:',
    latest: 'Latest checkpoint:',
    forFederations: 'For federations: what is proven and how to verify',
    transparencyTitle: (landlord: string) => `Verifiable histories — ${landlord}`,
    proven: 'What is proven',
    provenText:
      'The landlord’s log is an append-only Merkle tree (RFC 6962 / 9162): one leaf per event and per satisfaction rating, in the order they were recorded. A leaf holds public facts only: the landlord’s code, the complaint’s random public id, the sequence number, action, states, the author’s role, the time and the event’s hash. No name, no contact details, no free text: erasing personal data never breaks a proof. A signed checkpoint pins the tree’s size and root at one moment; every later export must extend it. A change, a deletion (the last event included), a reordering, a duplicate, a recomputed chain or a changed header breaks that consistency.',
    save: 'Keeping checkpoints',
    saveText:
      'Each new checkpoint is e-mailed to the landlord’s federation auditors; keep it in a folder, as a .checkpoint file. You can also fetch it yourself, for example every hour:',
    verify: 'Verifying an export',
    verifyText:
      'Download the federation export (events.ndjson), then verify it against every checkpoint you kept. A failure names the checkpoint and, when it can, the complaint; events newer than the newest checkpoint are reported as “not yet anchored”.',
    rotation:
      'Key rotation: the new key is published beside the old one and signs with it during an overlap; keep the old key in your trusted list to verify the checkpoints you already kept.',
    noCheckpoint: 'No checkpoint yet.',
    units: {
      hours: (n: number, working: boolean) => `${n} ${working ? 'working ' : ''}hour${n > 1 ? 's' : ''}`,
      working_days: (n: number) => `${n} working day${n > 1 ? 's' : ''}`,
      days: (n: number) => `${n} calendar day${n > 1 ? 's' : ''}`,
    },
  },
});

/** A deadline in words: "3 jours ouvrés", "24 heures". */
export function deadlineWords(deadline: Deadline, lang: Lang): string {
  const u = words(lang).units;
  switch (deadline.unit) {
    case 'hours':
      return u.hours(deadline.amount, !!deadline.workingDaysOnly);
    case 'working_days':
      return u.working_days(deadline.amount);
    case 'days':
      return u.days(deadline.amount);
  }
}

/** `10-15` → "15 octobre" / "15 October". */
function monthDay(md: string, lang: Lang): string {
  const [m, d] = md.split('-').map(Number);
  return new Intl.DateTimeFormat(localeTag(lang), {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2001, m - 1, d)));
}

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
