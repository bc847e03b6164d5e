/**
 * The words of the tenant's actions on the tracking page and of their answers, French and English.
 */
import { dictionary } from '../i18n';

export const actionWords = dictionary({
  fr: {
    yourActions: 'Ce que vous pouvez faire',
    worksQuestion:
      'Les travaux sont-ils bien faits ? Confirmez-les, ou contestez-les en expliquant ce qui ne va pas.',
    confirmWorks: 'Oui, les travaux sont bien faits',
    text: {
      note: 'Votre message',
      reject_works: 'Qu’est-ce qui ne va pas ?',
      reopen: 'Pourquoi rouvrir le dossier ?',
      escalate: 'Pourquoi demandez-vous un réexamen ?',
    } as Record<string, string>,
    hint: {
      note: 'Votre bailleur le lira ; il apparaîtra dans l’historique.',
      reject_works: 'L’entreprise sera prévenue et devra revenir.',
      reopen: 'Le problème est revenu, ou n’a pas été réglé.',
      escalate:
        'Un responsable réexaminera la façon dont votre dossier a été traité, avec son propre délai de réponse.',
    } as Record<string, string>,
    rate: 'Donner votre avis',
    score: 'Êtes-vous satisfait de la façon dont votre dossier a été traité ?',
    scoreHint: '1 : pas du tout satisfait — 5 : très satisfait.',
    comment: 'Un commentaire',
    sendRating: 'Envoyer mon avis',
    done: {
      note: 'Votre message est enregistré.',
      check_works: 'Merci : les travaux sont confirmés. Votre bailleur va clore le dossier.',
      reject_works: 'Votre contestation est enregistrée. L’entreprise devra revenir.',
      reopen: 'Votre dossier est rouvert. Votre bailleur va le reprendre.',
      escalate: 'Votre demande de réexamen est enregistrée. Un responsable va vous répondre.',
      rate: 'Merci pour votre avis.',
    } as Record<string, string>,
    conflict:
      'Votre dossier a changé pendant que vous le lisiez (quelqu’un d’autre a agi). Voici son état actuel ; votre texte est conservé ci-dessous si l’action est encore possible.',
    reopenExpired:
      'Le délai pour rouvrir ce dossier est passé. Vous pouvez encore demander un réexamen, ou contacter votre bailleur.',
    alreadyRated: 'Vous avez déjà donné votre avis sur ce dossier.',
    worksNotReported:
      'L’entreprise n’a pas encore déclaré les travaux faits : vous pourrez les confirmer ou les contester ensuite.',
    missingText: 'Écrivez quelques mots',
    tooLong: 'Ce texte est trop long',
    chooseScore: 'Choisissez une note de 1 à 5',
  },
  en: {
    yourActions: 'What you can do',
    worksQuestion: 'Have the works been done properly? Confirm them, or contest them saying what is wrong.',
    confirmWorks: 'Yes, the works are done properly',
    text: {
      note: 'Your message',
      reject_works: 'What is wrong?',
      reopen: 'Why reopen the case?',
      escalate: 'Why are you asking for a review?',
    } as Record<string, string>,
    hint: {
      note: 'Your landlord will read it; it will appear in the history.',
      reject_works: 'The contractor will be told and will have to come back.',
      reopen: 'The problem came back, or was not fixed.',
      escalate: 'A manager will review how your case was handled, with a deadline of their own to answer.',
    } as Record<string, string>,
    rate: 'Give your opinion',
    score: 'Are you satisfied with how your case was handled?',
    scoreHint: '1: not at all satisfied — 5: very satisfied.',
    comment: 'A comment',
    sendRating: 'Send my opinion',
    done: {
      note: 'Your message is recorded.',
      check_works: 'Thank you: the works are confirmed. Your landlord will close the case.',
      reject_works: 'Your objection is recorded. The contractor will have to come back.',
      reopen: 'Your case is reopened. Your landlord will take it up again.',
      escalate: 'Your review request is recorded. A manager will answer you.',
      rate: 'Thank you for your opinion.',
    } as Record<string, string>,
    conflict:
      'Your case changed while you were reading it (someone else acted). Here is where it stands now; your text is kept below if the action is still possible.',
    reopenExpired:
      'The time to reopen this case has passed. You can still ask for a review, or contact your landlord.',
    alreadyRated: 'You have already given your opinion on this case.',
    worksNotReported:
      'The contractor has not reported the works done yet: you can confirm or contest them after that.',
    missingText: 'Write a few words',
    tooLong: 'This text is too long',
    chooseScore: 'Choose a score from 1 to 5',
  },
});
