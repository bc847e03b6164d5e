/**
 * The words of a landlord's public numbers page, French and English.
 */
import { dictionary } from '../i18n';

export const words = dictionary({
  fr: {
    title: 'Numéros pour les locataires',
    intro:
      'Ces numéros s’affichent là où les pages disent « appelez votre bailleur » ou « envoyez STATUT par SMS » : page de suivi, confirmation du dépôt, vérification avant envoi. Laissez vide pour ne rien afficher.',
    publicPhone: 'Téléphone du bailleur',
    publicPhoneHint: 'Le numéro de l’accueil ou du service client, par exemple 03 20 00 00 00.',
    smsNumber: 'Numéro pour les SMS « STATUT »',
    smsNumberHint: 'Le numéro auquel les locataires écrivent. Vide : le numéro d’envoi de Suivi.',
    agencies: 'Téléphone de chaque agence',
    agenciesHint: 'Affiché à la place de celui du bailleur pour les résidences de l’agence.',
    agency: (name: string, code: string) => `Agence ${name} (${code})`,
    save: 'Enregistrer les numéros',
    saved: 'Numéros enregistrés.',
    invalid: 'Ce numéro n’est pas valide',
  },
  en: {
    title: 'Numbers for tenants',
    intro:
      'These numbers are shown where pages say “call your landlord” or “text STATUS”: the tracking page, the filing confirmation, the check before sending. Leave empty to show nothing.',
    publicPhone: 'Landlord’s phone',
    publicPhoneHint: 'The front desk or customer service number, for example 03 20 00 00 00.',
    smsNumber: 'Number for “STATUS” texts',
    smsNumberHint: 'The number tenants text. Empty: Suivi’s sending number.',
    agencies: 'Each agency’s phone',
    agenciesHint: 'Shown instead of the landlord’s for the agency’s residences.',
    agency: (name: string, code: string) => `Agency ${name} (${code})`,
    save: 'Save the numbers',
    saved: 'Numbers saved.',
    invalid: 'This number is not valid',
  },
});
