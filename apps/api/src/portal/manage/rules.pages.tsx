import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import type { PublishedRuleSet, RecordedUrgency } from '@suivi/complaints';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  DomainError,
  DomainErrorCode,
  FLAG_QUESTIONS,
  URGENCY_FLAGS,
} from '@suivi/domain';
import type { Category, Deadline as RuleDeadline, FieldError, RuleSet } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { parseJsonInput } from '../../common/edge';
import { EvaluateDto, PublishRuleSetDto } from '../../urgency/urgency.controller';
import {
  Choices,
  Csrf,
  DateTime,
  ErrorSummary,
  Notice,
  Select,
  Table,
  TextArea,
  TextField,
  fieldId,
} from '../components';
import { DueDates } from '../complaint-parts';
import { emptyForm, formValues, sayFieldMessage, validateForm, valueOf, valuesOf } from '../forms';
import type { FieldMessage } from '../forms';
import type { FormState } from '../forms';
import { dictionary, say } from '../i18n';
import type { Lang } from '../i18n';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManageLayout, ManagePages, doneMessage, inWords, sectionHref } from './manage-parts';

const words = dictionary({
  fr: {
    title: 'Règles d’urgence',
    intro:
      'Les règles donnent à chaque signalement un niveau d’urgence et ses délais. Chaque publication crée une nouvelle version ; les anciennes restent consultables, et chaque dossier garde la version qui l’a évalué.',
    current: (v: number) =>
      v === 0 ? 'Version en vigueur : règles par défaut du pays' : `Version en vigueur : ${v}`,
    publishedOn: 'Publiée le',
    publishedBy: 'par',
    presetNote: 'Aucune version publiée : les règles par défaut du pays s’appliquent.',
    levels: 'Niveaux et délais',
    level: 'Niveau',
    stage: { acknowledge: 'Accusé de réception', intervene: 'Intervention', resolve: 'Résolution' } as Record<
      string,
      string
    >,
    rules: 'Règles',
    rule: 'Règle',
    when: 'S’applique si',
    explanation: 'Explication donnée au locataire',
    otherwise: 'Sinon',
    categories: 'catégorie',
    flags: 'réponse « oui »',
    keywords: 'mots',
    requires: 'et seulement si',
    season: { heating: 'en période de chauffe', outside_heating: 'hors période de chauffe' } as Record<
      string,
      string
    >,
    always: 'toujours',
    history: 'Historique des versions',
    version: 'Version',
    by: 'Publiée par',
    view: (v: number) => `Voir la version ${v}`,
    unknownUser: 'compte supprimé',
    edit: 'Modifier les règles',
    editIntro:
      'Le texte ci-dessous est la version en vigueur, au format JSON. Modifiez-le, essayez-le sur un exemple, puis publiez-le. Rien n’est publié tant que vous n’avez pas cliqué sur « Publier ».',
    ruleSet: 'Règles (JSON)',
    ruleSetHint:
      'Niveaux, délais, règles, période de chauffe. Une erreur empêche la publication et est listée ici.',
    example: 'Exemple de signalement pour l’essai',
    category: 'Catégorie du problème',
    exampleFlags: 'Réponses « oui » du locataire',
    description: 'Description (mots du locataire)',
    date: 'Date du signalement',
    dateHint: 'Pour la période de chauffe et les jours ouvrés ; aujourd’hui si vide.',
    tryIt: 'Essayer sur cet exemple',
    publish: 'Publier cette version',
    results: 'Résultat de l’essai',
    currentRules: (v: number) => `Règles en vigueur (version ${v})`,
    draftRules: 'Règles modifiées (non publiées)',
    draftInvalid: 'Les règles modifiées contiennent des erreurs : corrigez-les pour voir leur décision.',
    matched: 'Règles appliquées',
    noneMatched: 'aucune : niveau par défaut',
    raised: 'Relevé d’un niveau : occupant vulnérable.',
    tenantResponsibility: 'Réparation peut-être à la charge du locataire (décret 87-712).',
    due: 'Échéances',
    published: 'Nouvelle version publiée : elle s’applique aux prochains signalements.',
    jsonEmpty: 'Collez ou saisissez les règles au format JSON.',
    jsonInvalid: 'Ce texte n’est pas du JSON valide :',
    problems: (n: number) =>
      n === 1
        ? 'Les règles contiennent 1 erreur (voir la liste sous le champ).'
        : `Les règles contiennent ${n} erreurs (voir la liste sous le champ).`,
    problemList: 'Erreurs dans les règles',
    conflict:
      'Une autre version vient d’être publiée en même temps. Vérifiez l’historique, puis publiez à nouveau.',
    messages: {
      category: 'Choisissez une catégorie.',
      description: 'Décrivez le problème (5 000 caractères au plus).',
      at: 'Donnez une date valide.',
      flags: 'Cochez des réponses de la liste.',
    } as Record<string, string>,
    oldTitle: (v: number) => `Version ${v} des règles`,
    oldIntro:
      'Une version publiée ne change plus. Pour repartir d’elle, reprenez-la dans l’éditeur puis publiez-la.',
    reuse: 'Reprendre cette version dans l’éditeur',
    json: 'Texte complet (JSON)',
    back: 'Retour aux règles en vigueur',
    hours: (n: number) => `${n} h`,
    workingDays: (n: number) => (n === 1 ? '1 jour ouvré' : `${n} jours ouvrés`),
    days: (n: number) => (n === 1 ? '1 jour' : `${n} jours`),
    none: '—',
  },
  en: {
    title: 'Urgency rules',
    intro:
      'The rules give each report an urgency level and its deadlines. Each publication creates a new version; older ones stay readable, and each case keeps the version that evaluated it.',
    current: (v: number) =>
      v === 0 ? 'Version in force: the country’s default rules' : `Version in force: ${v}`,
    publishedOn: 'Published on',
    publishedBy: 'by',
    presetNote: 'No version published yet: the country’s default rules apply.',
    levels: 'Levels and deadlines',
    level: 'Level',
    stage: { acknowledge: 'Acknowledgement', intervene: 'Intervention', resolve: 'Resolution' } as Record<
      string,
      string
    >,
    rules: 'Rules',
    rule: 'Rule',
    when: 'Applies when',
    explanation: 'Explanation given to the tenant',
    otherwise: 'Otherwise',
    categories: 'category',
    flags: '“yes” to',
    keywords: 'words',
    requires: 'and only if',
    season: { heating: 'in the heating season', outside_heating: 'outside the heating season' } as Record<
      string,
      string
    >,
    always: 'always',
    history: 'Version history',
    version: 'Version',
    by: 'Published by',
    view: (v: number) => `View version ${v}`,
    unknownUser: 'deleted account',
    edit: 'Edit the rules',
    editIntro:
      'The text below is the version in force, as JSON. Change it, try it on an example, then publish it. Nothing is published until you press “Publish”.',
    ruleSet: 'Rules (JSON)',
    ruleSetHint:
      'Levels, deadlines, rules, heating season. Any error stops the publication and is listed here.',
    example: 'Example report for the trial',
    category: 'Problem category',
    exampleFlags: 'The tenant’s “yes” answers',
    description: 'Description (the tenant’s words)',
    date: 'Date of the report',
    dateHint: 'For the heating season and working days; today when empty.',
    tryIt: 'Try on this example',
    publish: 'Publish this version',
    results: 'Trial result',
    currentRules: (v: number) => `Rules in force (version ${v})`,
    draftRules: 'Edited rules (not published)',
    draftInvalid: 'The edited rules have errors: fix them to see their decision.',
    matched: 'Rules applied',
    noneMatched: 'none: default level',
    raised: 'Raised one level: vulnerable occupant.',
    tenantResponsibility: 'Repair may be the tenant’s responsibility (décret 87-712).',
    due: 'Deadlines',
    published: 'New version published: it applies to the next reports.',
    jsonEmpty: 'Paste or type the rules as JSON.',
    jsonInvalid: 'This text is not valid JSON:',
    problems: (n: number) =>
      n === 1
        ? 'The rules have 1 error (see the list under the field).'
        : `The rules have ${n} errors (see the list under the field).`,
    problemList: 'Errors in the rules',
    conflict: 'Another version was published at the same time. Check the history, then publish again.',
    messages: {
      category: 'Choose a category.',
      description: 'Describe the problem (at most 5,000 characters).',
      at: 'Give a valid date.',
      flags: 'Tick answers from the list.',
    } as Record<string, string>,
    oldTitle: (v: number) => `Rules, version ${v}`,
    oldIntro: 'A published version never changes. To start from it, take it into the editor and publish it.',
    reuse: 'Take this version into the editor',
    json: 'Full text (JSON)',
    back: 'Back to the rules in force',
    hours: (n: number) => `${n} h`,
    workingDays: (n: number) => (n === 1 ? '1 working day' : `${n} working days`),
    days: (n: number) => (n === 1 ? '1 day' : `${n} days`),
    none: '—',
  },
});

type Words = ReturnType<typeof words>;
type Versions = Awaited<ReturnType<UrgencyService['versions']>>;

interface RulesView {
  landlord: LandlordEntity;
  current: PublishedRuleSet;
  versions: Versions;
  form: FormState;
  /** Each failing field of the edited rules, listed under the text area. */
  ruleErrors: RuleProblem[];
  trial?: { current: RecordedUrgency | null; draft: RecordedUrgency | null; draftRuleSet: RuleSet | null };
  done?: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The landlord admin's rule sets: the version in force, its history, the editor, publication and dry runs. */
@ManagePages('rules')
export class RulesPages {
  constructor(
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get()
  @Allow('landlord.manage')
  async show(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @Query('from') from: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const row = landlordCalendarRow(landlord);
    const current = await this.urgency.current(row);
    const versions = await this.urgency.versions(landlord.id);
    // `?from=N` takes an older published version into the editor.
    const fromVersion = typeof from === 'string' && /^\d{1,6}$/.test(from) ? Number(from) : null;
    const start =
      fromVersion !== null && versions.some((v) => v.version === fromVersion)
        ? await this.urgency.version(row, fromVersion)
        : current;
    const form = emptyForm({
      ruleSet: JSON.stringify(start.ruleSet, null, 2),
      category: 'heating',
      description: '',
      date: today(),
    });
    const t = words(page.lang);
    sendPage(
      reply,
      rulesPage(page, {
        landlord,
        current,
        versions,
        form,
        ruleErrors: [],
        done: doneMessage(done, { published: t.published }),
      }),
    );
  }

  @Get('versions/:version')
  @Allow('landlord.manage')
  async version(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('version') versionParam: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const versions = await this.urgency.versions(landlord.id);
    const entry = /^\d{1,6}$/.test(versionParam)
      ? versions.find((v) => v.version === Number(versionParam))
      : undefined;
    if (!entry) throw new DomainError(DomainErrorCode.NotFound, `No version ${versionParam}`);
    const published = await this.urgency.version(landlordCalendarRow(landlord), entry.version);
    sendPage(reply, oldVersionPage(page, landlord, published, entry));
  }

  @Post()
  @Allow('landlord.manage')
  async publish(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const form: FormState = { values: formValues(body), errors: {} };
    const parsed = await parseDraft(valueOf(form, 'ruleSet'), t);
    let ruleErrors = parsed.ok ? [] : parsed.errors;
    if (parsed.ok) {
      try {
        await this.urgency.publish(landlord.id, parsed.value, user.userId);
        return seeOther(reply, `${sectionHref(landlord.code, 'rules')}?done=published`);
      } catch (e) {
        ruleErrors = ruleErrorsOf(e, t);
      }
    }
    form.errors.ruleSet = t.problems(ruleErrors.length);
    const status = ruleErrors.some((f) => f.field === '_conflict') ? 409 : 400;
    sendPage(reply, rulesPage(page, await this.view(landlord, form, ruleErrors)), status);
  }

  @Post('try')
  @Allow('landlord.manage')
  async tryRules(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const row = landlordCalendarRow(landlord);
    const form: FormState = { values: formValues(body), errors: {} };
    const date = valueOf(form, 'date').trim();
    const example = await validateForm(EvaluateDto, {
      category: valueOf(form, 'category') || undefined,
      flags: valuesOf(form, 'flags'),
      description: valueOf(form, 'description'),
      ...(date ? { at: `${date}T12:00:00Z` } : {}),
    });
    if (!example.ok) {
      const { at, ...rest } = inWords(example.errors, t.messages);
      form.errors = at ? { ...rest, date: at } : rest;
    }
    const parsed = await parseDraft(valueOf(form, 'ruleSet'), t);
    let ruleErrors = parsed.ok ? [] : parsed.errors;
    let trial: RulesView['trial'];
    if (example.ok) {
      const input = {
        category: example.value.category,
        flags: example.value.flags ?? [],
        description: example.value.description,
      };
      const at = example.value.at ? new Date(example.value.at) : new Date();
      const current = await this.urgency.tryRules(row, input, at);
      let draft: RecordedUrgency | null = null;
      if (parsed.ok) {
        try {
          draft = await this.urgency.tryRules(row, input, at, parsed.value);
        } catch (e) {
          ruleErrors = ruleErrorsOf(e, t);
        }
      }
      trial = { current, draft, draftRuleSet: parsed.ok ? parsed.value : null };
    }
    if (ruleErrors.length) form.errors.ruleSet = t.problems(ruleErrors.length);
    const refused = Object.keys(form.errors).length > 0;
    sendPage(
      reply,
      rulesPage(page, { ...(await this.view(landlord, form, ruleErrors)), trial }),
      refused ? 400 : 200,
    );
  }

  private async view(
    landlord: LandlordEntity,
    form: FormState,
    ruleErrors: RuleProblem[],
  ): Promise<RulesView> {
    return {
      landlord,
      current: await this.urgency.current(landlordCalendarRow(landlord)),
      versions: await this.urgency.versions(landlord.id),
      form,
      ruleErrors,
    };
  }
}

/** One problem of a draft rule set: a DTO check (coded), or the domain's or the page's sentence. */
type RuleProblem = { field: string; message: FieldMessage };

/** The typed JSON as a rule set, checked by the API's DTO; each problem as a field error. */
async function parseDraft(
  text: string,
  t: Words,
): Promise<{ ok: true; value: RuleSet } | { ok: false; errors: RuleProblem[] }> {
  if (!text.trim()) return { ok: false, errors: [{ field: 'ruleSet', message: t.jsonEmpty }] };
  let value: unknown;
  try {
    value = parseJsonInput(text, 'ruleSet');
  } catch (e) {
    return { ok: false, errors: [{ field: 'ruleSet', message: `${t.jsonInvalid} ${(e as Error).message}` }] };
  }
  const checked = await validateForm(PublishRuleSetDto, { ruleSet: value });
  if (!checked.ok) {
    return {
      ok: false,
      errors: Object.entries(checked.errors).map(([field, message]) => ({ field, message })),
    };
  }
  return { ok: true, value: checked.value.ruleSet };
}

/** A refusal of the rules (400: every failing field; 409: a publication raced this one); others rethrown. */
function ruleErrorsOf(e: unknown, t: Words): RuleProblem[] {
  if (e instanceof DomainError && e.code === DomainErrorCode.InvalidInput) {
    const fields = (e.details.fields ?? []) as FieldError[];
    return fields.length ? fields : [{ field: 'ruleSet', message: e.message }];
  }
  if (e instanceof DomainError && e.code === DomainErrorCode.Conflict) {
    return [{ field: '_conflict', message: t.conflict }];
  }
  throw e;
}

function deadlineText(d: RuleDeadline | undefined, t: Words): string {
  if (!d) return t.none;
  switch (d.unit) {
    case 'hours':
      return t.hours(d.amount);
    case 'working_days':
      return t.workingDays(d.amount);
    case 'days':
      return t.days(d.amount);
    default: {
      const unknown: never = d.unit;
      return String(unknown);
    }
  }
}

const levelName = (ruleSet: RuleSet, id: string, lang: Lang) =>
  ruleSet.levels.find((l) => l.id === id)?.label[lang] ?? id;

/** The levels and rules of a rule set in plain words. */
function RuleSetSummary(props: { ruleSet: RuleSet; lang: Lang; sub?: boolean }) {
  const { ruleSet, lang } = props;
  const t = words(lang);
  const levels = [...(ruleSet.levels ?? [])].sort((a, b) => a.rank - b.rank);
  return (
    <>
      {props.sub ? <h3>{t.levels}</h3> : <h2>{t.levels}</h2>}
      <Table caption={t.levels} head={[t.level, t.stage.acknowledge, t.stage.intervene, t.stage.resolve]}>
        {levels.map((level) => (
          <tr key={level.id}>
            <th scope="row">{level.label[lang]}</th>
            <td>{deadlineText(level.deadlines.acknowledge, t)}</td>
            <td>{deadlineText(level.deadlines.intervene, t)}</td>
            <td>{deadlineText(level.deadlines.resolve, t)}</td>
          </tr>
        ))}
      </Table>
      {props.sub ? <h3>{t.rules}</h3> : <h2>{t.rules}</h2>}
      <Table caption={t.rules} head={[t.rule, t.level, t.when, t.explanation]}>
        {(ruleSet.rules ?? []).map((rule) => {
          const triggers = [
            rule.categories?.length
              ? `${t.categories} ${rule.categories.map((c) => say(CATEGORY_LABELS, c, lang)).join(', ')}`
              : '',
            rule.flags?.length
              ? `${t.flags} ${rule.flags.map((f) => say(FLAG_QUESTIONS, f, lang)).join(' / ')}`
              : '',
            rule.keywords?.length ? `${t.keywords} « ${rule.keywords.join(', ')} »` : '',
          ].filter(Boolean);
          const conditions = [
            rule.requiresFlags?.length
              ? `${t.requires} ${rule.requiresFlags.map((f) => say(FLAG_QUESTIONS, f, lang)).join(' / ')}`
              : '',
            rule.season ? t.season[rule.season] : '',
          ].filter(Boolean);
          return (
            <tr key={rule.id}>
              <th scope="row">
                <code>{rule.id}</code>
              </th>
              <td>{levelName(ruleSet, rule.level, lang)}</td>
              <td>{[triggers.join(' ; ') || t.always, ...conditions].join(' — ')}</td>
              <td>{rule.explanation?.[lang]}</td>
            </tr>
          );
        })}
        <tr>
          <th scope="row">{t.otherwise}</th>
          <td>{levelName(ruleSet, ruleSet.defaultLevel, lang)}</td>
          <td>{t.always}</td>
          <td>{ruleSet.defaultExplanation?.[lang]}</td>
        </tr>
      </Table>
    </>
  );
}

function TrialResult(props: {
  title: string;
  decision: RecordedUrgency;
  ruleSet: RuleSet;
  lang: Lang;
  timeZone: string;
  id: string;
}) {
  const { decision, lang } = props;
  const t = words(lang);
  return (
    <section class="box trial" aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      <dl class="facts">
        <dt>{t.level}</dt>
        <dd>
          <strong>{levelName(props.ruleSet, decision.level, lang)}</strong>
        </dd>
        <dt>{t.matched}</dt>
        <dd>
          {decision.ruleIds.length
            ? decision.ruleIds.map((id) => <code key={id}>{id} </code>)
            : t.noneMatched}
        </dd>
        <dt>{t.explanation}</dt>
        <dd>{decision.explanation[lang]}</dd>
      </dl>
      {decision.raisedForVulnerableOccupant ? <p>{t.raised}</p> : null}
      {decision.tenantResponsibility ? <p>{t.tenantResponsibility}</p> : null}
      <DueDates due={decision.due} lang={lang} timeZone={props.timeZone} title={<h4>{t.due}</h4>} />
    </section>
  );
}

function History(props: { versions: Versions; code: string; lang: Lang; timeZone: string }) {
  const t = words(props.lang);
  const versions = [...props.versions].reverse();
  if (versions.length === 0) return <p>{t.presetNote}</p>;
  return (
    <Table caption={t.history} head={[t.version, t.publishedOn, t.by, '']}>
      {versions.map((v) => (
        <tr key={v.version}>
          <th scope="row">{v.version}</th>
          <td>
            <DateTime at={v.publishedAt} lang={props.lang} timeZone={props.timeZone} />
          </td>
          <td>{v.publishedByName ?? (v.publishedBy ? t.unknownUser : t.none)}</td>
          <td>
            <a href={`${sectionHref(props.code, 'rules')}/versions/${v.version}`}>{t.view(v.version)}</a>
          </td>
        </tr>
      ))}
    </Table>
  );
}

function rulesPage(page: PageContext, view: RulesView) {
  const { lang } = page;
  const t = words(lang);
  const { landlord, current, form } = view;
  const tz = landlord.timezone;
  const base = sectionHref(landlord.code, 'rules');
  const latest = view.versions[view.versions.length - 1];
  const labels: Record<string, string> = {
    ruleSet: t.ruleSet,
    category: t.category,
    flags: t.exampleFlags,
    description: t.description,
    date: t.date,
  };
  const conflict = view.ruleErrors.find((f) => f.field === '_conflict');
  return (
    <ManageLayout page={page} landlord={landlord} section="rules" title={t.title}>
      <h1>{t.title}</h1>
      {view.done ? <Notice kind="success">{view.done}</Notice> : null}
      {conflict ? <Notice kind="warning">{sayFieldMessage(conflict.message, lang)}</Notice> : null}
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <p>{t.intro}</p>
      {view.trial ? (
        <section aria-labelledby="trial-title">
          <h2 id="trial-title">{t.results}</h2>
          <div class="trial-results">
            {view.trial.current ? (
              <TrialResult
                id="trial-current"
                title={t.currentRules(current.version)}
                decision={view.trial.current}
                ruleSet={current.ruleSet}
                lang={lang}
                timeZone={tz}
              />
            ) : null}
            {view.trial.draft && view.trial.draftRuleSet ? (
              <TrialResult
                id="trial-draft"
                title={t.draftRules}
                decision={view.trial.draft}
                ruleSet={view.trial.draftRuleSet}
                lang={lang}
                timeZone={tz}
              />
            ) : (
              <section class="box trial" aria-labelledby="trial-draft">
                <h3 id="trial-draft">{t.draftRules}</h3>
                <p>{t.draftInvalid}</p>
              </section>
            )}
          </div>
        </section>
      ) : null}

      <h2>{t.current(current.version)}</h2>
      {latest ? (
        <p>
          {t.publishedOn} <DateTime at={latest.publishedAt} lang={lang} timeZone={tz} />
          {latest.publishedByName ? ` ${t.publishedBy} ${latest.publishedByName}` : ''}
        </p>
      ) : (
        <p>{t.presetNote}</p>
      )}
      <RuleSetSummary ruleSet={current.ruleSet} lang={lang} sub />

      <h2 id="edit">{t.edit}</h2>
      <p>{t.editIntro}</p>
      <form method="post" action={base} noValidate>
        <Csrf page={page} />
        <TextArea
          name="ruleSet"
          label={t.ruleSet}
          hint={t.ruleSetHint}
          form={form}
          lang={lang}
          rows={24}
          required
        />
        {view.ruleErrors.filter((f) => f.field !== '_conflict').length ? (
          <div class="rule-errors">
            <h3 id="rule-errors-title">{t.problemList}</h3>
            <ul aria-labelledby="rule-errors-title">
              {view.ruleErrors
                .filter((f) => f.field !== '_conflict')
                .map((f, i) => (
                  <li key={i}>
                    <code>{f.field.replace(/^ruleSet\.?/, '') || 'JSON'}</code> :{' '}
                    {sayFieldMessage(f.message, lang)}
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
        <fieldset class="field example">
          <legend>{t.example}</legend>
          <Select
            name="category"
            label={t.category}
            form={form}
            lang={lang}
            required
            options={CATEGORIES.map((c: Category) => ({ value: c, label: say(CATEGORY_LABELS, c, lang) }))}
          />
          <Choices
            name="flags"
            label={t.exampleFlags}
            form={form}
            lang={lang}
            multiple
            options={URGENCY_FLAGS.map((f) => ({ value: f, label: say(FLAG_QUESTIONS, f, lang) }))}
          />
          <TextArea
            name="description"
            label={t.description}
            form={form}
            lang={lang}
            rows={3}
            maxLength={5000}
            required
          />
          <TextField
            name="date"
            type="date"
            label={t.date}
            hint={t.dateHint}
            form={form}
            lang={lang}
            size="medium"
          />
        </fieldset>
        <div class="actions">
          <button type="submit" class="button secondary" formAction={`${base}/try`}>
            {t.tryIt}
          </button>
          <button type="submit" class="button primary">
            {t.publish}
          </button>
        </div>
      </form>

      <h2>{t.history}</h2>
      <History versions={view.versions} code={landlord.code} lang={lang} timeZone={tz} />
    </ManageLayout>
  );
}

function oldVersionPage(
  page: PageContext,
  landlord: LandlordEntity,
  published: PublishedRuleSet,
  entry: Versions[number],
) {
  const { lang } = page;
  const t = words(lang);
  const base = sectionHref(landlord.code, 'rules');
  return (
    <ManageLayout page={page} landlord={landlord} section="rules" title={t.oldTitle(published.version)}>
      <h1>{t.oldTitle(published.version)}</h1>
      <p>
        {t.publishedOn} <DateTime at={entry.publishedAt} lang={lang} timeZone={landlord.timezone} />
        {entry.publishedByName ? ` ${t.publishedBy} ${entry.publishedByName}` : ''}
      </p>
      <p>{t.oldIntro}</p>
      <div class="actions">
        <a class="button secondary" href={`${base}?from=${published.version}#${fieldId('ruleSet')}`}>
          {t.reuse}
        </a>
        <a href={base}>{t.back}</a>
      </div>
      <RuleSetSummary ruleSet={published.ruleSet} lang={lang} />
      <h2 id="json-title">{t.json}</h2>
      <pre class="json" tabIndex={0} aria-labelledby="json-title">
        {JSON.stringify(published.ruleSet, null, 2)}
      </pre>
    </ManageLayout>
  );
}
