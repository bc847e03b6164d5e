/**
 * The words of a person's account pages and of resetting a forgotten password, French and English.
 */
import { dictionary } from '../i18n';

export const words = dictionary({
  fr: {
    title: 'Mon compte',
    passwordTitle: 'Changer de mot de passe',
    passwordIntro:
      'Après le changement, vos autres sessions (autres navigateurs, jetons d’API) sont fermées ; celle-ci reste ouverte.',
    current: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    newHint:
      '12 caractères au moins. Les mots de passe courants ou faciles à deviner sont refusés : plusieurs mots peu courants conviennent bien.',
    save: 'Changer le mot de passe',
    wrongCurrent: 'Le mot de passe actuel est incorrect.',
    changed: 'Mot de passe changé. Vos autres sessions sont fermées.',
    twoFactorTitle: 'Connexion en deux étapes',
    twoFactorOn: (n: number) =>
      `La connexion en deux étapes est active. Il vous reste ${n} code(s) de secours.`,
    twoFactorOff: 'La connexion en deux étapes n’est pas active.',
    twoFactorSetUp: 'Activer la connexion en deux étapes',
    enrolTitle: 'Activer la connexion en deux étapes',
    enrolRequired: 'Votre rôle demande la connexion en deux étapes : activez-la pour continuer.',
    enrolIntro:
      'Scannez ce code QR avec une application d’authentification (FreeOTP, Aegis, Google Authenticator…), puis saisissez le code à 6 chiffres qu’elle affiche.',
    qr: 'Code QR à scanner avec l’application',
    manual: 'Ou saisissez cette clé dans l’application :',
    code: 'Code à 6 chiffres',
    confirm: 'Activer',
    wrongCode: 'Ce code ne correspond pas. Vérifiez l’heure de votre téléphone et saisissez le code affiché.',
    codesTitle: 'Vos codes de secours',
    codesIntro:
      'La connexion en deux étapes est active. Notez ces codes et gardez-les en lieu sûr : chacun permet une connexion si vous n’avez plus votre téléphone. Ils ne seront plus affichés.',
    continue: 'Continuer',
    already: 'La connexion en deux étapes est déjà active.',
  },
  en: {
    title: 'My account',
    passwordTitle: 'Change password',
    passwordIntro:
      'After the change, your other sessions (other browsers, API tokens) are closed; this one stays open.',
    current: 'Current password',
    newPassword: 'New password',
    newHint:
      'At least 12 characters. Common or easily guessed passwords are refused: several uncommon words work well.',
    save: 'Change the password',
    wrongCurrent: 'The current password is wrong.',
    changed: 'Password changed. Your other sessions are closed.',
    twoFactorTitle: 'Two-step sign-in',
    twoFactorOn: (n: number) => `Two-step sign-in is on. You have ${n} recovery code(s) left.`,
    twoFactorOff: 'Two-step sign-in is off.',
    twoFactorSetUp: 'Turn on two-step sign-in',
    enrolTitle: 'Turn on two-step sign-in',
    enrolRequired: 'Your role requires two-step sign-in: turn it on to continue.',
    enrolIntro:
      'Scan this QR code with an authenticator app (FreeOTP, Aegis, Google Authenticator…), then type the 6-digit code it shows.',
    qr: 'QR code to scan with the app',
    manual: 'Or type this key into the app:',
    code: '6-digit code',
    confirm: 'Turn on',
    wrongCode: 'This code does not match. Check your phone’s clock and type the code shown.',
    codesTitle: 'Your recovery codes',
    codesIntro:
      'Two-step sign-in is on. Write these codes down and keep them safe: each one signs you in once if you lose your phone. They will not be shown again.',
    continue: 'Continue',
    already: 'Two-step sign-in is already on.',
  },
});

export const resetWords = dictionary({
  fr: {
    forgotTitle: 'Mot de passe oublié',
    forgotIntro:
      'Saisissez l’adresse e-mail de votre compte : si un compte l’utilise, un lien pour choisir un nouveau mot de passe y est envoyé (valable une heure).',
    email: 'Adresse e-mail',
    send: 'Envoyer le lien',
    sent: 'Si un compte utilise cette adresse, un lien vient d’y être envoyé. Il est valable une heure et ne sert qu’une fois.',
    resetTitle: 'Choisir un nouveau mot de passe',
    resetIntro: 'Toutes les sessions ouvertes de votre compte seront fermées.',
    password: 'Nouveau mot de passe',
    hint: '12 caractères au moins. Les mots de passe courants ou faciles à deviner sont refusés.',
    save: 'Enregistrer le mot de passe',
    gone: 'Ce lien ne fonctionne plus : il a déjà servi ou a expiré. Demandez-en un nouveau.',
    askAgain: 'Demander un nouveau lien',
    done: 'Mot de passe enregistré. Connectez-vous avec le nouveau mot de passe.',
    signIn: 'Se connecter',
  },
  en: {
    forgotTitle: 'Forgotten password',
    forgotIntro:
      'Type your account’s email address: if an account uses it, a link to choose a new password is sent to it (it works for one hour).',
    email: 'Email address',
    send: 'Send the link',
    sent: 'If an account uses this address, a link has just been sent to it. It works once, for one hour.',
    resetTitle: 'Choose a new password',
    resetIntro: 'Every open session of your account will be closed.',
    password: 'New password',
    hint: 'At least 12 characters. Common or easily guessed passwords are refused.',
    save: 'Save the password',
    gone: 'This link no longer works: it was used or has expired. Ask for a new one.',
    askAgain: 'Ask for a new link',
    done: 'Password saved. Sign in with the new password.',
    signIn: 'Sign in',
  },
});
