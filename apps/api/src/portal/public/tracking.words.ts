/**
 * The words of the tenant's pages without an account (home, follow, tracking), French and English.
 */
import { RESEND_ANSWER } from '../../tracking/tracking.controller';
import { dictionary } from '../i18n';

/** A wait in whole minutes, or seconds under one minute, in words. */
const waitFr = (s: number) => (s < 60 ? `${s} seconde(s)` : `${Math.ceil(s / 60)} minute(s)`);
const waitEn = (s: number) => (s < 60 ? `${s} second(s)` : `${Math.ceil(s / 60)} minute(s)`);

export const words = dictionary({
  fr: {
    homeTitle: 'Un problème dans votre logement ? Suivez-le jusqu’au bout.',
    homeIntro:
      'Signalez un problème à votre bailleur social, recevez une référence, et suivez chaque étape : qui doit agir, et avant quelle date.',
    fileCta: 'Signaler un problème',
    followCta: 'Suivre un dossier',
    noInternet: 'Sans internet',
    noInternetText:
      'Appelez votre bailleur ou passez à son accueil : votre demande reçoit la même référence et les mêmes délais. Pour connaître l’état de votre dossier, envoyez par SMS « STATUT » suivi de votre référence au numéro donné sur la page de votre dossier et dans les messages de votre bailleur.',
    staff: 'Vous travaillez pour un bailleur, une entreprise, une association ?',
    staffLink: 'Connexion professionnels',
    followTitle: 'Suivre mon dossier',
    followIntro:
      'Le lien reçu par SMS ou e-mail ouvre directement votre dossier. Sinon, donnez la référence et les 4 derniers chiffres du téléphone (ou l’e-mail) donnés au dépôt.',
    reference: 'Référence du dossier',
    referenceHint:
      'Par exemple 7K3M-9QXA-B2C4X (13 caractères). Majuscules, minuscules, tirets et espaces ne comptent pas.',
    recheck:
      'Relisez votre référence : son dernier caractère ne correspond pas (ou il manque). Ce n’est pas compté comme un essai.',
    verifier: '4 derniers chiffres de votre téléphone, ou votre e-mail',
    verifierHint: 'Ceux que vous avez donnés en déposant le signalement.',
    open: 'Ouvrir mon dossier',
    notFound: 'Aucun dossier ne correspond à cette référence et à ce contrôle. Vérifiez-les et réessayez.',
    locked: (s: number) =>
      `Trop d’essais pour cette référence. Réessayez dans ${waitFr(s)}, ou appelez votre bailleur.`,
    missing: 'Indiquez-le',
    resendTitle: 'Recevoir à nouveau le lien',
    resendIntro:
      'Vous avez perdu le lien ? Donnez la référence : nous l’envoyons au téléphone ou à l’adresse e-mail donnés au dépôt (jamais à un autre). C’est le même lien, il reste valable.',
    resendChannel: 'Par',
    resendSms: 'SMS',
    resendEmail: 'E-mail',
    resendChannelHint: 'Si les deux sont enregistrés. Sinon, nous utilisons celui qui l’est.',
    resend: 'Recevoir le lien',
    resendDone: RESEND_ANSWER.fr,
    caseTitle: (ref: string) => `Dossier ${ref}`,
    status: 'État',
    landlord: 'Bailleur',
    category: 'Problème',
    filed: 'Déposé le',
    closed: 'Clos le',
    outcomeTitle: 'Votre dossier est clos',
    outcome: 'Réponse de votre bailleur',
    reopenUntil: 'Si le problème revient ou n’a pas été réglé, vous pouvez rouvrir ce dossier jusqu’au',
    reopenPassed: 'Le délai pour rouvrir ce dossier a pris fin le',
    reopenPassedNext: 'Vous pouvez encore demander un réexamen, ou déposer un nouveau signalement.',
    onHold: 'En attente',
    appointment: 'Rendez-vous',
    appointmentText: (from: string, to: string) => `entre ${from} et ${to}`,
    history: 'Historique',
    preferences: 'Choisir les messages reçus (e-mails, SMS)',
    keepLink:
      'Gardez ce lien : il ouvre votre dossier sans mot de passe. Ne le partagez qu’avec une personne de confiance.',
    filedNotice: 'Votre signalement est enregistré.',
    yourReference: 'Votre référence',
    referenceHelp: 'Notez-la : elle vous sera demandée au téléphone ou à l’accueil.',
    spelled: 'Caractère par caractère :',
    yourLink: 'Votre lien de suivi',
    linkHelp: 'Ajoutez cette page à vos favoris, ou recopiez ce lien :',
    whatNext: 'Et maintenant ?',
    nextLandlord: 'Votre bailleur doit prendre en charge votre signalement',
    nextLandlordBy: 'au plus tard le',
    nextMessages:
      'Si vous avez donné un téléphone ou un e-mail, vous recevrez un message à chaque étape, avec ce lien.',
    nextFollow:
      'Vous pourrez aussi retrouver votre dossier avec la référence et les 4 derniers chiffres de votre téléphone (ou votre e-mail) :',
    nextFollowLink: 'suivre mon dossier',
    nextUrgency: 'Les délais ci-dessous découlent des règles d’urgence publiées par votre bailleur.',
  },
  en: {
    homeTitle: 'A problem in your home? Follow it through to the end.',
    homeIntro:
      'Report a problem to your social landlord, get a reference, and follow every step: who has to act, and by when.',
    fileCta: 'Report a problem',
    followCta: 'Follow a case',
    noInternet: 'No internet?',
    noInternetText:
      'Call your landlord or visit its front desk: your report gets the same reference and the same deadlines. To hear where your case stands, text “STATUS” followed by your reference to the number given on your case’s page and in your landlord’s messages.',
    staff: 'Do you work for a landlord, a contractor or a charity?',
    staffLink: 'Staff sign-in',
    followTitle: 'Follow my case',
    followIntro:
      'The link in your text or email opens your case directly. Otherwise, give the reference and the last 4 digits of the phone (or the email) you gave when reporting.',
    reference: 'Case reference',
    referenceHint:
      'For example 7K3M-9QXA-B2C4X (13 characters). Capitals, small letters, dashes and spaces do not matter.',
    recheck:
      'Please re-read your reference: its last character does not match (or is missing). This does not count as an attempt.',
    verifier: 'Last 4 digits of your phone, or your email',
    verifierHint: 'The ones you gave when you reported the problem.',
    open: 'Open my case',
    notFound: 'No case matches this reference and check. Check them and try again.',
    locked: (s: number) =>
      `Too many tries for this reference. Try again in ${waitEn(s)}, or call your landlord.`,
    missing: 'Enter it',
    resendTitle: 'Send me the link again',
    resendIntro:
      'Lost the link? Give the reference: we send it to the phone or e-mail you gave when reporting (never to another one). It is the same link and stays valid.',
    resendChannel: 'By',
    resendSms: 'Text message (SMS)',
    resendEmail: 'E-mail',
    resendChannelHint: 'If both are on file. Otherwise we use the one that is.',
    resend: 'Send me the link',
    resendDone: RESEND_ANSWER.en,
    caseTitle: (ref: string) => `Case ${ref}`,
    status: 'Status',
    landlord: 'Landlord',
    category: 'Problem',
    filed: 'Reported on',
    closed: 'Closed on',
    outcomeTitle: 'Your case is closed',
    outcome: 'Your landlord’s answer',
    reopenUntil: 'If the problem comes back or was not fixed, you can reopen this case until',
    reopenPassed: 'The time to reopen this case ended on',
    reopenPassedNext: 'You can still ask for a review, or report a new problem.',
    onHold: 'On hold',
    appointment: 'Appointment',
    appointmentText: (from: string, to: string) => `between ${from} and ${to}`,
    history: 'History',
    preferences: 'Choose the messages you get (e-mails, text messages)',
    keepLink: 'Keep this link: it opens your case without a password. Share it only with someone you trust.',
    filedNotice: 'Your report is recorded.',
    yourReference: 'Your reference',
    referenceHelp: 'Write it down: you will be asked for it on the phone or at the front desk.',
    spelled: 'Character by character:',
    yourLink: 'Your tracking link',
    linkHelp: 'Bookmark this page, or copy this link:',
    whatNext: 'What happens next?',
    nextLandlord: 'Your landlord must take on your report',
    nextLandlordBy: 'by',
    nextMessages:
      'If you gave a phone number or an email, you will get a message at each step, with this link.',
    nextFollow:
      'You can also find your case with the reference and the last 4 digits of your phone (or your email):',
    nextFollowLink: 'follow my case',
    nextUrgency: 'The deadlines below come from the urgency rules your landlord has published.',
  },
});
