/**
 * The words of the administration's home, French and English.
 */
import { dictionary } from '../i18n';

export const words = dictionary({
  fr: {
    title: 'Administration',
    intro:
      'Les bailleurs que vous administrez. Pour chacun : ses règles d’urgence, son calendrier, les comptes de son équipe, ses agences, résidences et entreprises.',
    none: 'Votre compte n’administre encore aucun bailleur. Demandez à un administrateur Suivi de vous y rattacher.',
    landlords: 'Bailleurs administrés',
    code: (code: string) => `code ${code}`,
  },
  en: {
    title: 'Administration',
    intro:
      'The landlords you administer. For each: its urgency rules, its calendar, its staff accounts, its agencies, residences and contractors.',
    none: 'Your account does not administer any landlord yet. Ask a Suivi administrator to add you to one.',
    landlords: 'Landlords you administer',
    code: (code: string) => `code ${code}`,
  },
});
