/**
 * The words of the sign-in pages, French and English.
 */
import { dictionary } from './i18n';

export const words = dictionary({
  fr: {
    title: 'Connexion',
    intro:
      'Pour les chargés de clientèle, les entreprises partenaires, les travailleurs sociaux et les fédérations.',
    tenants: 'Vous êtes locataire ? Vous n’avez pas besoin de compte :',
    tenantsLink: 'suivez votre dossier avec votre référence.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    wrong: 'Adresse e-mail ou mot de passe incorrect.',
    throttled: (s: number) => `Trop de tentatives. Réessayez dans ${Math.ceil(s / 60)} minute(s).`,
    forgot: 'Mot de passe oublié ?',
    resetDone: 'Mot de passe enregistré. Connectez-vous avec le nouveau mot de passe.',
    codeTitle: 'Code de connexion',
    codeIntro:
      'Saisissez le code à 6 chiffres de votre application d’authentification, ou un de vos codes de secours.',
    code: 'Code',
    codeSubmit: 'Valider',
    wrongCode: 'Ce code ne convient pas.',
    codeThrottled: 'Trop de codes erronés. Réessayez dans 15 minutes.',
    cancel: 'Annuler et se déconnecter',
  },
  en: {
    title: 'Sign in',
    intro: 'For landlord staff, contractors, social workers and tenant federations.',
    tenants: 'Are you a tenant? You need no account:',
    tenantsLink: 'follow your case with its reference.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong email address or password.',
    throttled: (s: number) => `Too many attempts. Try again in ${Math.ceil(s / 60)} minute(s).`,
    forgot: 'Forgotten password?',
    resetDone: 'Password saved. Sign in with the new password.',
    codeTitle: 'Sign-in code',
    codeIntro: 'Type the 6-digit code of your authenticator app, or one of your recovery codes.',
    code: 'Code',
    codeSubmit: 'Continue',
    wrongCode: 'This code is not right.',
    codeThrottled: 'Too many wrong codes. Try again in 15 minutes.',
    cancel: 'Cancel and sign out',
  },
});
