import {
  COMPLAINT_STATES,
  NEXT_STEP_LABELS,
  PRESETS,
  ROLE_LABELS,
  STAGE_LABELS,
  STATUS_LABELS,
  eventLabel,
} from '@suivi/domain';
import type { Stage } from '@suivi/domain';
import type { ComponentChildren } from 'preact';
import { DateTime, Deadline, formatDate } from './components';
import { dictionary, say } from './i18n';
import type { Lang } from './i18n';

/**
 * An appointment: its day, then its hours in the landlord's zone, as the page words them (`hours`; by
 * default `9:00 – 11:00`).
 */
export function Appointment(props: {
  appointment: { start: string; end: string };
  lang: Lang;
  timeZone: string;
  hours?: (from: string, to: string) => string;
}) {
  const { appointment, lang, timeZone } = props;
  const time = (at: string) => formatDate(at, lang, timeZone, 'time');
  const hours = props.hours ?? ((from: string, to: string) => `${from} – ${to}`);
  return (
    <>
      <DateTime at={appointment.start} lang={lang} timeZone={timeZone} style="date" />
      {`, ${hours(time(appointment.start), time(appointment.end))}`}
    </>
  );
}

const words = dictionary({
  fr: {
    progress: 'Étapes du dossier',
    done: 'fait',
    current: 'en cours',
    by: 'par',
    urgency: 'Urgence',
    why: 'Pourquoi',
    deadlines: 'Délais fixés par les règles du bailleur',
    rulesVersion: (v: number) => `Règles du bailleur, version ${v}`,
    seeCriteria: 'Voir les critères d’urgence',
    nextStep: 'Prochaine étape',
    who: { landlord: 'votre bailleur', contractor: 'l’entreprise', tenant: 'vous' } as Record<string, string>,
    dueBy: 'au plus tard le',
    tenantResponsibility:
      'Selon les règles, cette réparation peut être à la charge du locataire (décret 87-712). La sécurité est traitée d’abord.',
    noEntries: 'Aucune étape pour l’instant.',
  },
  en: {
    progress: 'Steps of the case',
    done: 'done',
    current: 'in progress',
    by: 'by',
    urgency: 'Urgency',
    why: 'Why',
    deadlines: 'Deadlines set by the landlord’s rules',
    rulesVersion: (v: number) => `Landlord’s rules, version ${v}`,
    seeCriteria: 'See the urgency criteria',
    nextStep: 'Next step',
    who: { landlord: 'your landlord', contractor: 'the contractor', tenant: 'you' } as Record<string, string>,
    dueBy: 'by',
    tenantResponsibility:
      'Under the rules this repair may be the tenant’s responsibility (décret 87-712). Safety is dealt with first.',
    noEntries: 'No steps yet.',
  },
});

/** A level's words: the presets' labels for their levels, the level id for a landlord's own levels. */
export function levelLabel(level: string, lang: Lang): string {
  for (const preset of Object.values(PRESETS)) {
    const found = preset.levels.find((l) => l.id === level);
    if (found) return found.label[lang];
  }
  return level.replace(/_/g, ' ');
}

/** The five states as a numbered list: done, current, to come. */
export function StatusSteps(props: { status: string; lang: Lang }) {
  const t = words(props.lang);
  const at = COMPLAINT_STATES.indexOf(props.status as (typeof COMPLAINT_STATES)[number]);
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">{t.progress}</h2>
      <ol class="steps">
        {COMPLAINT_STATES.map((state, i) => (
          <li
            key={state}
            class={i < at ? 'done' : i === at ? 'current' : undefined}
            aria-current={i === at ? 'step' : undefined}
          >
            {say(STATUS_LABELS, state, props.lang)}
            {i < at ? ` — ${t.done}` : i === at && state !== 'closed' ? ` — ${t.current}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface TimelineItem {
  seq: number;
  at: string;
  action: string;
  by: string;
  text: string | null;
  internal?: boolean;
  /** A note recorded as a visit finding (named so in the history). */
  visit?: boolean;
}

/** The dated history, newest last, as people read a story. */
export function Timeline(props: { items: TimelineItem[]; lang: Lang; timeZone: string; title: string }) {
  const t = words(props.lang);
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{props.title}</h2>
      {props.items.length === 0 ? (
        <p>{t.noEntries}</p>
      ) : (
        <ol class="timeline">
          {props.items.map((e) => (
            <li key={e.seq} class={e.internal ? 'internal' : undefined}>
              <span class="when">
                <DateTime at={e.at} lang={props.lang} timeZone={props.timeZone} />
              </span>
              <strong>{eventLabel(e.action, props.lang, { visit: e.visit === true })}</strong>{' '}
              <span class="muted">
                ({t.by} {say(ROLE_LABELS, e.by, props.lang)})
              </span>
              {e.text ? <p>{e.text}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export interface UrgencyFacts {
  level: string;
  explanation: { fr: string; en: string };
  tenantResponsibility: boolean;
  ruleSetVersion: number;
  due: Partial<Record<Stage, string>>;
}

/** The dates an urgency decision sets, earliest first, under `title` (nothing when it sets none). */
export function DueDates(props: {
  due: Partial<Record<string, string>>;
  lang: Lang;
  timeZone: string;
  title: ComponentChildren;
}) {
  const { lang } = props;
  const due = Object.entries(props.due)
    .filter((entry): entry is [string, string] => !!entry[1])
    .sort((a, b) => a[1].localeCompare(b[1]));
  if (!due.length) return null;
  return (
    <>
      {props.title}
      <ul>
        {due.map(([stage, at]) => (
          <li key={stage}>
            {say(STAGE_LABELS, stage, lang)} : <Deadline at={at} lang={lang} timeZone={props.timeZone} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** Why the complaint has its urgency, in the rules' own words, and the dates those rules set. */
export function UrgencyDecision(props: {
  urgency: UrgencyFacts;
  lang: Lang;
  timeZone: string;
  criteriaHref?: string;
}) {
  const { urgency, lang } = props;
  const t = words(lang);
  return (
    <section class="box" aria-labelledby="urgency-title">
      <h2 id="urgency-title">
        {t.urgency} : {levelLabel(urgency.level, lang)}
      </h2>
      <p>
        <strong>{t.why} :</strong> {urgency.explanation[lang]}
      </p>
      {urgency.tenantResponsibility ? <p>{t.tenantResponsibility}</p> : null}
      <DueDates due={urgency.due} lang={lang} timeZone={props.timeZone} title={<h3>{t.deadlines}</h3>} />
      <p class="muted">
        {t.rulesVersion(urgency.ruleSetVersion)}
        {props.criteriaHref ? (
          <>
            {' — '}
            <a href={props.criteriaHref}>{t.seeCriteria}</a>
          </>
        ) : null}
      </p>
    </section>
  );
}

/** Who acts next, and by when. */
export function NextStep(props: {
  step: { by: string; step: string; dueBy: string | null } | null;
  lang: Lang;
  timeZone: string;
}) {
  if (!props.step) return null;
  const t = words(props.lang);
  return (
    <p class="notice">
      <strong>{t.nextStep} :</strong> {say(NEXT_STEP_LABELS, props.step.step, props.lang)} —{' '}
      {t.who[props.step.by] ?? props.step.by}
      {props.step.dueBy ? (
        <>
          , {t.dueBy} <Deadline at={props.step.dueBy} lang={props.lang} timeZone={props.timeZone} />
        </>
      ) : null}
      .
    </p>
  );
}
