import {
  EVENT_LABELS as TENANT_WHAT,
  NEXT_STEP_LABELS as NEXT_STEP,
  STAGE_LABELS as STAGE,
  STATUS_LABELS as STATUS,
} from '../complaint/labels';
import type { Audience, Channel } from './policy';
import { foldToGsm7 } from './gsm7';

export type { Locale } from '../complaint/labels';
import type { Locale } from '../complaint/labels';

/**
 * The tenant's tracking link, re-sent on request from /follow (issue 14, J5): a message about no event,
 * written to the outbox with its request's id (see TrackingLinkResender).
 */
export const TRACKING_LINK_TEMPLATE = 'tracking_link';

/** What a message says; everything is already public information about the complaint. */
export interface MessageFacts {
  /** The event: file, acknowledge, …, deadline_missed. */
  template: string;
  reference: string;
  landlordName: string;
  /** The next step after the event (nextStep's `step`), and its due date if the rules give one. */
  nextStep: string | null;
  dueBy: Date | null;
  appointment: { start: Date; end: Date } | null;
  /** The stage a sweep event is about. */
  stage: string | null;
  /** The link the audience opens: tracking page, work order, complaint page. */
  link: string;
  timeZone: string;
  /** A closing message: the last instant the tenant may reopen (reopenableUntil), null or absent if unknown. */
  reopenableUntil?: Date | null;
  /**
   * How many earlier messages, held overnight by quiet hours and overtaken, this one sums up (issue 16):
   * above 0 the message says where the case stands now.
   */
  summarises?: number;
  /**
   * A tenant's e-mail: the page where they choose which e-mails they get, or stop them (the one-click
   * unsubscribe link of List-Unsubscribe, issue 16). The footer gives it when present.
   */
  preferencesLink?: string;
}

export interface RenderedMessage {
  subject: string;
  /** The plain text: the SMS, or the e-mail's text part. */
  text: string;
  /**
   * An e-mail's HTML alternative (absent for SMS): the same words as `text`, one column, real headings and
   * paragraphs, a `lang` attribute, no images, no external CSS (inline styles only, readable without them).
   */
  html?: string;
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function day(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    timeZone,
  }).format(date);
}

function time(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(date);
}

/** The parts of a time of day in a zone: hours, minutes, seconds. */
function clock(date: Date, timeZone: string): { h: number; m: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { h: get('hour'), m: get('minute'), s: get('second') };
}

/**
 * Whether an instant is exactly a local midnight in `timeZone` (00:00:00.000): a deadline that ends the day
 * before. One second later is a time of the next day, said with its time (an hour-based deadline keeps its
 * seconds: filed at 20:00:17 with 4 hours, due at 00:00:17). The page's Deadline and the messages both ask.
 */
export function endsLocalDay(date: Date, timeZone: string): boolean {
  const { h, m, s } = clock(date, timeZone);
  return h === 0 && m === 0 && s === 0 && date.getUTCMilliseconds() === 0;
}

/**
 * A deadline as a person reads it, in the landlord's time zone (issue 14, J3): a deadline that ends a day
 * (local midnight, or 23:59 and later) is that day alone — midnight belongs to the day it closes, so
 * 1 Dec 00:00 reads "30/11" —, any other is the day and the time ("30/11 à 07:15", "30/11 at 07:15").
 * `by` is the word before it in the language: "avant le" in French, "by" in English.
 */
export function deadlineText(date: Date, locale: Locale, timeZone: string): string {
  const { h, m } = clock(date, timeZone);
  if (endsLocalDay(date, timeZone)) return day(new Date(date.getTime() - 1), locale, timeZone);
  if (h === 23 && m === 59) return day(date, locale, timeZone);
  const at = time(date, locale, timeZone);
  return locale === 'fr'
    ? `${day(date, locale, timeZone)} à ${at}`
    : `${day(date, locale, timeZone)} at ${at}`;
}

/** Events whose message carries the appointment when one is booked, whoever booked it. */
const WITH_APPOINTMENT = ['assign', 'reassign', 'schedule'];

/** "RDV le 01/12 de 08:00 à 10:00" — or the next step and its date. */
function afterwards(facts: MessageFacts, locale: Locale, bare = false): string {
  const tz = facts.timeZone;
  if (WITH_APPOINTMENT.includes(facts.template) && facts.appointment) {
    const { start, end } = facts.appointment;
    return locale === 'fr'
      ? `RDV le ${day(start, locale, tz)} de ${time(start, locale, tz)} à ${time(end, locale, tz)}.`
      : `Visit on ${day(start, locale, tz)}, ${time(start, locale, tz)}-${time(end, locale, tz)}.`;
  }
  if (!facts.nextStep) return '';
  const step = NEXT_STEP[facts.nextStep]?.[locale] ?? facts.nextStep;
  // The landlord's deadline is not the tenant's: a step that is theirs carries no "by".
  const due =
    facts.dueBy && !TENANT_STEPS.includes(facts.nextStep)
      ? locale === 'fr'
        ? ` avant le ${deadlineText(facts.dueBy, locale, tz)}`
        : ` by ${deadlineText(facts.dueBy, locale, tz)}`
      : '';
  // The capital folded to GSM-7: "À vous" would make the SMS UCS-2.
  if (bare) return `${foldToGsm7(step.charAt(0).toUpperCase())}${step.slice(1)}${due}.`;
  return locale === 'fr' ? `Suite : ${step}${due}.` : `Next: ${step}${due}.`;
}

/** Events that close a complaint: their message says how to rate it and until when it can be reopened. */
const CLOSINGS = ['close', 'close_without_works'];

/**
 * After a closing: rate the handling, or reopen the case until the landlord's window ends (the instant the
 * tracking page gives) — both on the tracking link, which follows.
 */
function afterClosing(facts: MessageFacts, locale: Locale): string {
  const until = facts.reopenableUntil ? deadlineText(facts.reopenableUntil, locale, facts.timeZone) : null;
  if (locale === 'fr') return until ? `Notez ou rouvrez jusqu'au ${until} :` : 'Notez-nous :';
  return until ? `Rate it, or reopen it until ${until}:` : 'Rate it:';
}

/** Next steps that are the tenant's own (nextStep / nextStepAfter with `by: 'tenant'`). */
const TENANT_STEPS = ['confirm_works', 'give_access'];

/** The one line an SMS carries and an email starts with, per audience. */
function headline(audience: Audience, facts: MessageFacts, locale: Locale): string {
  const tz = facts.timeZone;
  const stage = facts.stage ? (STAGE[facts.stage]?.[locale] ?? facts.stage) : '';
  const due = facts.dueBy ? deadlineText(facts.dueBy, locale, tz) : '';
  const fr = locale === 'fr';
  switch (audience) {
    case 'tenant':
    case 'partner': {
      if (audience === 'tenant' && facts.template === TRACKING_LINK_TEMPLATE) {
        // Asked for from /follow (issue 14, J5): the same link as every message, which stays valid.
        return fr
          ? `${facts.reference} : voici le lien de suivi demandé. Il reste valable, gardez-le.`
          : `${facts.reference}: here is the tracking link you asked for. It stays valid; keep it.`;
      }
      const what = TENANT_WHAT[facts.template]?.[locale] ?? facts.template;
      // Held overnight and overtaken by later steps (issue 16): one message, where the case stands now.
      const merged = (facts.summarises ?? 0) > 0;
      const next = CLOSINGS.includes(facts.template)
        ? afterClosing(facts, locale)
        : afterwards(facts, locale, merged);
      const now = merged ? (fr ? ' à ce jour :' : ' now:') : fr ? ' :' : ':';
      return `${facts.reference}${now} ${what}. ${next}`.trim();
    }
    case 'contractor':
      if (facts.template === 'contractor_chased') {
        return fr
          ? `Relance ${facts.reference} : intervention attendue avant le ${due}, déclarez les travaux.`
          : `Reminder ${facts.reference}: visit due by ${due}, please report the works.`;
      }
      if (facts.template === 'schedule')
        return `${facts.reference}${fr ? ' :' : ':'} ${afterwards(facts, locale)}`;
      return fr
        ? `Ordre de travaux ${facts.reference}${due ? `, intervention avant le ${due}` : ''}.`
        : `Work order ${facts.reference}${due ? `, visit due by ${due}` : ''}.`;
    case 'agent':
      if (facts.template === 'deadline_approaching') {
        return fr
          ? `${facts.reference} : échéance ${stage} le ${due}.`
          : `${facts.reference}: ${stage} due on ${due}.`;
      }
      return fr ? `${facts.reference} : le locataire a écrit.` : `${facts.reference}: the tenant wrote.`;
    case 'on_call': {
      // A person of the rota, woken at night: the emergency, its deadline, and the link that stops the chain.
      const escalated = facts.template === 'on_call_escalated';
      const when = due ? (fr ? `, échéance ${due}` : `, due ${due}`) : '';
      return fr
        ? `ASTREINTE ${facts.reference} : urgence${escalated ? ' NON PRISE' : ''}${when}. Confirmez :`
        : `ON CALL ${facts.reference}: emergency${escalated ? ' NOT TAKEN' : ''}${when}. Acknowledge:`;
    }
    case 'supervisor':
      if (facts.template === 'escalate') {
        return fr
          ? `${facts.reference} : le locataire demande un réexamen.`
          : `${facts.reference}: the tenant asks for a review.`;
      }
      return fr
        ? `${facts.reference} : échéance ${stage} dépassée (${due}).`
        : `${facts.reference}: ${stage} deadline missed (${due}).`;
  }
}

/** A message's subject: its headline after the reference, behind the reference in brackets. */
function subjectOf(line: string, facts: MessageFacts): string {
  return `[${facts.reference}] ${line.replace(`${facts.reference} : `, '').replace(`${facts.reference}: `, '')}`;
}

/**
 * The message for one audience, channel and language. SMS: the headline and the link, written to fit one
 * GSM-7 segment (checked by a test for every template). Email: a subject and a plain-text body that says
 * the same, with the landlord's name and how to stop messages.
 */
export function renderMessage(
  audience: Audience,
  channel: Channel,
  locale: Locale,
  facts: MessageFacts,
): RenderedMessage {
  const sms = headline(audience, facts, locale);
  if (channel === 'sms') return { subject: subjectOf(sms, facts), text: `${sms} ${facts.link}` };
  // The on-call SMS ends on its call to act before the link; an e-mail says it beside the link instead.
  const line = audience === 'on_call' ? sms.replace(/ (Confirmez :|Acknowledge:)$/, '') : sms;
  const subject = subjectOf(line, facts);
  const fr = locale === 'fr';
  const open =
    audience === 'on_call'
      ? fr
        ? 'Voir l’urgence et accuser réception'
        : 'See the emergency and acknowledge'
      : fr
        ? 'Suivre le dossier'
        : 'Follow the case';
  const footer =
    audience === 'on_call'
      ? fr
        ? `Vous êtes d’astreinte pour ${facts.landlordName}. Sans accusé de réception, la personne suivante et le superviseur seront alertés.`
        : `You are on call for ${facts.landlordName}. Without an acknowledgement, the next person and the supervisor will be alerted.`
      : audience === 'tenant'
        ? fr
          ? `Vous recevez ce message car vous avez signalé un problème à ${facts.landlordName}. Pour ne plus recevoir de SMS, répondez STOP.`
          : `You receive this message because you reported a problem to ${facts.landlordName}. To stop text messages, reply STOP.`
        : fr
          ? `Message envoyé par Suivi pour ${facts.landlordName}.`
          : `Sent by Suivi for ${facts.landlordName}.`;
  // How to stop e-mails, on a tenant's e-mail that carries its preferences link (List-Unsubscribe's page).
  const stopEmails =
    audience === 'tenant' && facts.preferencesLink
      ? fr
        ? 'Choisir les e-mails reçus (seulement les essentiels, ou aucun)'
        : 'Choose which e-mails you get (only the essential ones, or none)'
      : null;
  const n = facts.summarises ?? 0;
  const summaryLine =
    n > 0
      ? fr
        ? `Ce message en remplace ${n + 1} : il dit où en est le dossier aujourd'hui.`
        : `This message stands for ${n + 1}: it says where the case stands today.`
      : null;
  const colon = fr ? ' : ' : ': ';
  const text = [
    line,
    ...(summaryLine ? ['', summaryLine] : []),
    '',
    `${open}${colon}${facts.link}`,
    '',
    '--',
    footer,
    ...(stopEmails ? [`${stopEmails}${colon}${facts.preferencesLink}`] : []),
  ].join('\n');
  const html = emailHtml({
    locale,
    subject,
    line,
    summary: summaryLine,
    open: { text: open, href: facts.link },
    footer,
    stop: stopEmails && facts.preferencesLink ? { text: stopEmails, href: facts.preferencesLink } : null,
  });
  return { subject, text, html };
}

/**
 * A light, accessible HTML e-mail (issue 16): the document's language, a title, one column whose width
 * follows the screen, a heading and paragraphs, links whose words say where they go (the address follows
 * as text, for copying), no image, no external stylesheet; the few inline styles only ease reading. Every
 * fact is escaped.
 */
function emailHtml(parts: {
  locale: Locale;
  subject: string;
  line: string;
  summary: string | null;
  open: { text: string; href: string };
  footer: string;
  stop: { text: string; href: string } | null;
}): string {
  const e = escapeHtml;
  const link = (l: { text: string; href: string }) =>
    `<a href="${e(l.href)}" style="color:#0b4f9c">${e(l.text)}</a>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${parts.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(parts.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    '<div style="max-width:36em;margin:0 auto">',
    `<h1 style="font-size:1.25em;line-height:1.3;margin:0 0 1em">${e(parts.line)}</h1>`,
    ...(parts.summary ? [`<p>${e(parts.summary)}</p>`] : []),
    `<p>${link(parts.open)}</p>`,
    `<p style="font-size:0.875em;color:#4a4a4a;word-break:break-all">${e(parts.open.href)}</p>`,
    '<hr style="border:0;border-top:1px solid #cccccc;margin:1.5em 0">',
    `<p style="font-size:0.875em;color:#4a4a4a">${e(parts.footer)}</p>`,
    ...(parts.stop ? [`<p style="font-size:0.875em">${link(parts.stop)}</p>`] : []),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** The on-call duty's messages: the first alert, and the alert of the next people when nobody took it. */
export const ON_CALL_TEMPLATES = ['on_call_alerted', 'on_call_escalated'];

/** Every template an audience can receive, for the length and encoding test. */
export const TEMPLATES_BY_AUDIENCE: Record<Audience, readonly string[]> = {
  tenant: [...Object.keys(TENANT_WHAT), TRACKING_LINK_TEMPLATE],
  partner: Object.keys(TENANT_WHAT),
  contractor: ['assign', 'reassign', 'schedule', 'contractor_chased'],
  agent: ['deadline_approaching', 'reject_works', 'note'],
  supervisor: ['deadline_missed', 'escalate'],
  on_call: ON_CALL_TEMPLATES,
};

export const NEXT_STEPS = Object.keys(NEXT_STEP);

/** The answer to "STATUT <reference>" texted from the phone on file: status, next step and date, link. */
export function renderStatusReply(locale: Locale, status: string, facts: MessageFacts): string {
  const what = STATUS[status]?.[locale] ?? status;
  const colon = locale === 'fr' ? ' :' : ':';
  // Folded to GSM-7 so the answer stays one 160-character segment (`reçu` alone would make it UCS-2).
  return foldToGsm7(
    `${facts.reference}${colon} ${what}. ${afterwards(facts, locale)} ${facts.link}`.replace(/ {2,}/g, ' '),
  );
}

/**
 * The answer to a text Suivi cannot match to a complaint of that phone: no data, only what to do. Both
 * languages in one GSM-7 segment (160 characters).
 */
export const UNKNOWN_SMS_REPLY =
  'Suivi : envoyez STATUT et votre référence depuis le numéro donné au bailleur. / Text STATUS and your reference from the phone you gave your landlord.';

export const OPT_IN_REPLY =
  'Suivi : les SMS de suivi reprennent. Répondez STOP pour ne plus les recevoir. / Text updates resume. Reply STOP to stop them.';
