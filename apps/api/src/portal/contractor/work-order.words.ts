/**
 * The words of the contractor's work-order page, French and English.
 */
import { dictionary } from '../i18n';

export const words = dictionary({
  fr: {
    title: (ref: string) => `Bon d’intervention ${ref}`,
    heading: 'Bon d’intervention',
    forContractor: (name: string) => `Pour : ${name}`,
    status: 'État du dossier',
    problem: 'Problème',
    description: 'Description du locataire',
    where: 'Adresse',
    unit: 'Logement',
    access: 'Accès',
    noAccess: 'Aucune consigne.',
    tenant: 'Locataire',
    tenantNotShared: 'Le locataire n’a pas souhaité partager ses coordonnées : passez par le bailleur.',
    appointment: 'Rendez-vous',
    noAppointment: 'Aucun rendez-vous fixé.',
    appointmentText: (day: string, from: string, to: string) => `${day}, de ${from} à ${to}`,
    schedule: 'Proposer ou confirmer le rendez-vous',
    scheduleIntro: (tz: string) => `Heures locales du logement (${tz}). Le locataire sera prévenu.`,
    date: 'Date',
    start: 'Heure d’arrivée (début du créneau)',
    end: 'Fin du créneau',
    reportDone: 'Déclarer les travaux faits',
    reportIntro: 'Le locataire et le bailleur seront prévenus et vérifieront les travaux.',
    reportText: 'Ce qui a été fait',
    reportHint: 'Pièces changées, réglages, ce qui reste à prévoir.',
    note: 'Écrire au bailleur',
    noteText: 'Votre message',
    noteHint: 'Seul le bailleur le lira (pas le locataire).',
    done: {
      schedule: 'Rendez-vous enregistré. Le locataire est prévenu.',
      report_done: 'Travaux déclarés faits. Merci.',
      note: 'Message envoyé au bailleur.',
    } as Record<string, string>,
    conflict:
      'Ce dossier a changé pendant que vous le lisiez (quelqu’un d’autre a agi). Voici son état actuel ; ce que vous aviez saisi est conservé si l’action est encore possible.',
    noActions: 'Aucune action n’est possible sur ce dossier pour le moment.',
    missing: 'Indiquez-le',
    badDate: 'Indiquez une date valide (jj/mm/aaaa)',
    badTime: 'Indiquez une heure valide (hh:mm)',
    endBeforeStart: 'La fin doit venir après le début',
    missingText: 'Écrivez quelques mots',
    tooLong: 'Ce texte est trop long',
    // Where the works stand (issue 18, M6): what is left to do, from the order's stage.
    whereWeAre: 'Où en est-on',
    stage: {
      to_book: 'À faire : fixer un rendez-vous avec le locataire, puis déclarer les travaux faits.',
      booked: 'Rendez-vous fixé. Après l’intervention, déclarez les travaux faits.',
      reported: (on: string) =>
        `Travaux déclarés faits le ${on}. En attente de la vérification par le locataire ou le bailleur : rien d’autre à faire pour vous, sauf s’ils sont contestés.`,
      rework: (on: string) =>
        `Travaux contestés le ${on} : ils sont à reprendre. Fixez un rendez-vous, puis déclarez-les faits à nouveau.`,
      checked: (on: string) =>
        `Travaux vérifiés le ${on}. Le bailleur va clore le dossier : plus rien à faire pour vous.`,
      closed: 'Dossier clos : plus rien à faire pour vous.',
    },
    onlyNote: 'Vous pouvez encore écrire au bailleur.',
    contact: 'Une question ?',
    contactLandlord: (name: string) => `Contactez ${name}`,
    // A link that no longer opens its order.
    endedTitle: (ref: string) => `Bon d’intervention ${ref} terminé`,
    ended: {
      closed: (on: string, by: string) => `Ce dossier a été clos le ${on}${by ? ` par ${by}` : ''}.`,
      reassigned: (on: string, by: string) =>
        `Ce bon d’intervention vous a été retiré le ${on}${by ? ` par ${by}` : ''} : le dossier a été confié à une autre entreprise.`,
      replaced: (on: string, by: string) =>
        `Ce lien a été remplacé le ${on}${by ? ` par ${by}` : ''} : utilisez le lien du dernier message reçu.`,
    },
    byRole: (role: string) => `le bailleur (${role})`,
    nothingLeft: 'Plus rien à faire pour vous sur ce bon d’intervention.',
    residence: 'Résidence',
    myOrders: 'Voir mes bons d’intervention',
  },
  en: {
    title: (ref: string) => `Work order ${ref}`,
    heading: 'Work order',
    forContractor: (name: string) => `For: ${name}`,
    status: 'Case status',
    problem: 'Problem',
    description: 'The tenant’s description',
    where: 'Address',
    unit: 'Home',
    access: 'Access',
    noAccess: 'No instructions.',
    tenant: 'Tenant',
    tenantNotShared: 'The tenant chose not to share their contact details: go through the landlord.',
    appointment: 'Appointment',
    noAppointment: 'No appointment booked.',
    appointmentText: (day: string, from: string, to: string) => `${day}, from ${from} to ${to}`,
    schedule: 'Propose or confirm the appointment',
    scheduleIntro: (tz: string) => `Local time at the home (${tz}). The tenant will be told.`,
    date: 'Date',
    start: 'Arrival time (start of the slot)',
    end: 'End of the slot',
    reportDone: 'Report the works done',
    reportIntro: 'The tenant and the landlord will be told and will check the works.',
    reportText: 'What was done',
    reportHint: 'Parts replaced, settings, anything still to plan.',
    note: 'Write to the landlord',
    noteText: 'Your message',
    noteHint: 'Only the landlord will read it (not the tenant).',
    done: {
      schedule: 'Appointment recorded. The tenant has been told.',
      report_done: 'Works reported done. Thank you.',
      note: 'Message sent to the landlord.',
    } as Record<string, string>,
    conflict:
      'This case changed while you were reading it (someone else acted). Here is where it stands now; what you typed is kept if the action is still possible.',
    noActions: 'No action is possible on this case for now.',
    missing: 'Enter it',
    badDate: 'Enter a valid date (dd/mm/yyyy)',
    badTime: 'Enter a valid time (hh:mm)',
    endBeforeStart: 'The end must come after the start',
    missingText: 'Write a few words',
    tooLong: 'This text is too long',
    whereWeAre: 'Where things stand',
    stage: {
      to_book: 'To do: book an appointment with the tenant, then report the works done.',
      booked: 'Appointment booked. After the visit, report the works done.',
      reported: (on: string) =>
        `Works reported done on ${on}. Waiting for the tenant’s or the landlord’s check: nothing else to do for you unless they are contested.`,
      rework: (on: string) =>
        `Works contested on ${on}: they are to be done again. Book an appointment, then report them done again.`,
      checked: (on: string) =>
        `Works checked on ${on}. The landlord will close the case: nothing left to do for you.`,
      closed: 'Case closed: nothing left to do for you.',
    },
    onlyNote: 'You can still write to the landlord.',
    contact: 'A question?',
    contactLandlord: (name: string) => `Contact ${name}`,
    endedTitle: (ref: string) => `Work order ${ref} ended`,
    ended: {
      closed: (on: string, by: string) => `This case was closed on ${on}${by ? ` by ${by}` : ''}.`,
      reassigned: (on: string, by: string) =>
        `This work order was withdrawn from you on ${on}${by ? ` by ${by}` : ''}: the case was given to another contractor.`,
      replaced: (on: string, by: string) =>
        `This link was replaced on ${on}${by ? ` by ${by}` : ''}: use the link in the latest message you received.`,
    },
    byRole: (role: string) => `the landlord (${role})`,
    nothingLeft: 'Nothing left to do for you on this work order.',
    residence: 'Residence',
    myOrders: 'See my work orders',
  },
});
