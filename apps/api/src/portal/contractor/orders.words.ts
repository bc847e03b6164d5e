/**
 * The words of a contractor account's list of work orders (`/contractor`), French and English.
 */
import { dictionary } from '../i18n';

export const words = dictionary({
  fr: {
    title: 'Mes bons d’intervention',
    intro: 'Les dossiers qui vous sont confiés, le plus pressé d’abord. Ouvrez un bon pour agir.',
    open: (n: number) => (n === 0 ? 'Aucun bon en cours' : n === 1 ? '1 bon en cours' : `${n} bons en cours`),
    noneOpen: 'Aucun bon d’intervention en cours pour le moment.',
    closed: 'Derniers dossiers clos',
    noneClosed: 'Aucun dossier clos récemment.',
    noContractor:
      'Votre compte n’est rattaché à aucune entreprise : demandez à l’administrateur du bailleur de le faire.',
    reference: 'Référence',
    where: 'Adresse',
    problem: 'Problème',
    urgency: 'Urgence',
    notRated: 'non évaluée',
    appointment: 'Rendez-vous',
    noAppointment: 'à fixer',
    nextDeadline: 'Prochaine échéance',
    noDeadline: 'aucune',
    stage: 'Où en est-on',
    stages: {
      to_book: 'rendez-vous à fixer',
      booked: 'rendez-vous fixé, travaux à faire',
      reported: 'travaux déclarés faits, en attente de vérification',
      rework: 'travaux à reprendre',
      checked: 'travaux vérifiés, clôture par le bailleur',
      closed: 'dossier clos',
    } as Record<string, string>,
    closedOn: 'Clos le',
    openOrder: (ref: string) => `Ouvrir le bon ${ref}`,
  },
  en: {
    title: 'My work orders',
    intro: 'The cases given to you, most pressing first. Open a work order to act on it.',
    open: (n: number) =>
      n === 0 ? 'No open work order' : n === 1 ? '1 open work order' : `${n} open work orders`,
    noneOpen: 'No open work order for now.',
    closed: 'Recently closed cases',
    noneClosed: 'No recently closed case.',
    noContractor: 'Your account is not linked to a contractor: ask the landlord’s administrator to link it.',
    reference: 'Reference',
    where: 'Address',
    problem: 'Problem',
    urgency: 'Urgency',
    notRated: 'not rated',
    appointment: 'Appointment',
    noAppointment: 'to book',
    nextDeadline: 'Next deadline',
    noDeadline: 'none',
    stage: 'Where things stand',
    stages: {
      to_book: 'appointment to book',
      booked: 'appointment booked, works to do',
      reported: 'works reported done, waiting for the check',
      rework: 'works to do again',
      checked: 'works checked, the landlord closes the case',
      closed: 'case closed',
    } as Record<string, string>,
    closedOn: 'Closed on',
    openOrder: (ref: string) => `Open work order ${ref}`,
  },
});
