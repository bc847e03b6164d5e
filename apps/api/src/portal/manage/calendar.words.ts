/**
 * The words of a landlord's calendar page, French and English.
 */
import { dictionary } from '../i18n';

export const words = dictionary({
  fr: {
    title: 'Calendrier et fermetures',
    intro:
      'Les jours fériés et les jours de fermeture ne comptent pas comme jours ouvrés dans les délais (les week-ends non plus). Les délais déjà calculés ne changent pas ; les nouveaux sautent ces jours.',
    year: (y: number) => `Année ${y}`,
    previous: (y: number) => `← ${y}`,
    next: (y: number) => `${y} →`,
    years: 'Autres années',
    holidays: (y: number) => `Jours fériés ${y}`,
    closures: (y: number) => `Fermetures du bailleur ${y}`,
    date: 'Date',
    name: 'Jour',
    noClosures: 'Aucune fermeture cette année.',
    formTitle: 'Jours de fermeture',
    days: 'Jours de fermeture (toutes années)',
    daysHint:
      'Une date par ligne, au format AAAA-MM-JJ (par exemple 2026-08-14). La liste remplace la précédente : supprimez une ligne pour rouvrir ce jour.',
    save: 'Enregistrer les fermetures',
    saved: 'Fermetures enregistrées.',
    tooMany: 'Au plus 366 jours.',
    badFormat: (days: string) => `Ces lignes ne sont pas des dates AAAA-MM-JJ : ${days}`,
    notDays: (days: string) => `Ces dates n’existent pas : ${days}`,
    region: (country: string, region: string) => `Calendrier : ${country}, ${region}`,
  },
  en: {
    title: 'Calendar and closures',
    intro:
      'Public holidays and closure days do not count as working days in deadlines (weekends neither). Deadlines already set do not change; new ones skip these days.',
    year: (y: number) => `Year ${y}`,
    previous: (y: number) => `← ${y}`,
    next: (y: number) => `${y} →`,
    years: 'Other years',
    holidays: (y: number) => `Public holidays ${y}`,
    closures: (y: number) => `Landlord closures ${y}`,
    date: 'Date',
    name: 'Day',
    noClosures: 'No closure this year.',
    formTitle: 'Closure days',
    days: 'Closure days (all years)',
    daysHint:
      'One date per line, as YYYY-MM-DD (for example 2026-08-14). The list replaces the previous one: remove a line to reopen that day.',
    save: 'Save the closures',
    saved: 'Closures saved.',
    tooMany: 'At most 366 days.',
    badFormat: (days: string) => `These lines are not YYYY-MM-DD dates: ${days}`,
    notDays: (days: string) => `These dates do not exist: ${days}`,
    region: (country: string, region: string) => `Calendar: ${country}, ${region}`,
  },
});
