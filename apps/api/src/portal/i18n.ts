import type { FastifyRequest } from 'fastify';
import type { Locale, Phrase } from '@suivi/domain';

export type Lang = Locale;
export const LANG_COOKIE = 'suivi_lang';

/** The locale dates and numbers are written in: French of France, English of Britain. */
export const localeTag = (lang: Lang): string => (lang === 'fr' ? 'fr-FR' : 'en-GB');
export const LANG_QUERY = 'lang';

/**
 * The page language: `?lang=` (the switch link), then the cookie the switch set, then the browser's first
 * preference between French and English; French otherwise.
 */
export function resolveLang(request: FastifyRequest): { lang: Lang; chosen: boolean } {
  const query = (request.query as Record<string, unknown> | undefined)?.[LANG_QUERY];
  if (query === 'fr' || query === 'en') return { lang: query, chosen: true };
  const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[
    LANG_COOKIE
  ];
  if (cookie === 'fr' || cookie === 'en') return { lang: cookie, chosen: false };
  const accept = request.headers['accept-language'];
  if (typeof accept === 'string') {
    for (const part of accept.split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (tag === 'fr' || tag === 'en') return { lang: tag, chosen: false };
    }
  }
  return { lang: 'fr', chosen: false };
}

/**
 * A page's words in both languages. English must have exactly the keys (and function signatures) of
 * French, so a missing translation is a compile error.
 */
export function dictionary<T extends Record<string, unknown>>(words: { fr: T; en: NoInfer<T> }) {
  return (lang: Lang): T => words[lang];
}

/** A shared label table entry (`{ fr, en }`) in the page's language, or the raw key when unknown. */
export const say = (table: Record<string, Phrase>, key: string | null | undefined, lang: Lang): string =>
  key == null ? '' : (table[key]?.[lang] ?? key);

/** Words of the frame every page shares. */
export const common = dictionary({
  fr: {
    skip: 'Aller au contenu',
    brand: 'Suivi',
    tagline: 'Le suivi de vos réclamations de logement',
    switchTo: 'English',
    switchLang: 'en' as Lang,
    switchLabel: 'Read this page in English',
    home: 'Accueil',
    account: 'Mon compte',
    file: 'Signaler un problème',
    follow: 'Suivre mon dossier',
    signIn: 'Connexion professionnels',
    signOut: 'Se déconnecter',
    mainNav: 'Navigation principale',
    footer:
      'Suivi garde une trace datée et infalsifiable de chaque étape. Sans internet : appelez ou passez à l’accueil de votre bailleur, ou envoyez STATUT et votre référence par SMS.',
    errorSummary: 'Le formulaire contient des erreurs',
    required: 'obligatoire',
    optional: 'facultatif',
    send: 'Envoyer',
    back: 'Retour',
    yes: 'Oui',
    no: 'Non',
    errors: {
      400: 'Demande incorrecte',
      403: 'Accès refusé',
      404: 'Page introuvable',
      409: 'Ce dossier a changé entre-temps',
      429: 'Trop de tentatives',
      500: 'Une erreur est survenue',
      503: 'Service momentanément indisponible',
    } as Record<number, string>,
    errorHelp: {
      403: 'Votre compte ne permet pas d’ouvrir cette page.',
      404: 'Le lien est peut-être incomplet ou expiré. Vérifiez la référence, ou demandez un nouveau lien.',
      409: 'Quelqu’un a agi sur ce dossier pendant que vous le lisiez. Rechargez la page pour voir son état actuel, puis recommencez.',
      429: 'Attendez quelques minutes avant de réessayer.',
      503: 'La connexion et le suivi par référence sont momentanément indisponibles. Réessayez dans une minute ; le lien reçu par SMS ou e-mail reste utilisable.',
      500: 'Rien n’a été perdu. Réessayez dans un instant ; si le problème continue, contactez votre bailleur.',
    } as Record<number, string>,
    errorRef: 'Référence de l’erreur',
    fieldInvalid: 'Vérifiez ce champ',
    roles: {
      agent: 'Accueil et suivi',
      supervisor: 'Accueil et suivi',
      landlord_admin: 'Administration',
      partner: 'Espace partenaire',
      federation_auditor: 'Tableaux de bord',
      contractor: 'Entreprise',
      platform_admin: 'Administration',
    } as Record<string, string>,
  },
  en: {
    skip: 'Skip to content',
    brand: 'Suivi',
    tagline: 'Follow your housing complaints',
    switchTo: 'Français',
    switchLang: 'fr' as Lang,
    switchLabel: 'Lire cette page en français',
    home: 'Home',
    account: 'My account',
    file: 'Report a problem',
    follow: 'Follow my case',
    signIn: 'Staff sign-in',
    signOut: 'Sign out',
    mainNav: 'Main navigation',
    footer:
      'Suivi keeps a dated, tamper-evident record of every step. No internet? Call or visit your landlord’s front desk, or text STATUS and your reference.',
    errorSummary: 'There is a problem with the form',
    required: 'required',
    optional: 'optional',
    send: 'Send',
    back: 'Back',
    yes: 'Yes',
    no: 'No',
    errors: {
      400: 'Bad request',
      403: 'Not allowed',
      404: 'Page not found',
      409: 'This case changed in the meantime',
      429: 'Too many attempts',
      500: 'Something went wrong',
      503: 'Service briefly unavailable',
    } as Record<number, string>,
    errorHelp: {
      403: 'Your account cannot open this page.',
      404: 'The link may be incomplete or expired. Check the reference, or ask for a new link.',
      409: 'Someone acted on this case while you were reading it. Reload the page to see where it stands, then try again.',
      429: 'Wait a few minutes before trying again.',
      503: 'Sign-in and following by reference are briefly unavailable. Try again in a minute; the link you received by SMS or e-mail still works.',
      500: 'Nothing was lost. Try again in a moment; if it goes on, contact your landlord.',
    } as Record<number, string>,
    errorRef: 'Error reference',
    fieldInvalid: 'Check this field',
    roles: {
      agent: 'Front desk',
      supervisor: 'Front desk',
      landlord_admin: 'Administration',
      partner: 'Partner area',
      federation_auditor: 'Dashboards',
      contractor: 'Contractor',
      platform_admin: 'Administration',
    } as Record<string, string>,
  },
});
