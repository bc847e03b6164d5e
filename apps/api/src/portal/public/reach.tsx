import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { dictionary } from '../i18n';
import type { Lang } from '../i18n';

const words = dictionary({
  fr: {
    title: 'Sans le lien',
    call: 'Appelez votre bailleur au',
    callNoNumber: 'Appelez votre bailleur ou passez à son accueil avec la référence.',
    text: (ref: string) => `Pour connaître l’état du dossier, envoyez par SMS « STATUT ${ref} » au`,
    textFromPhone: 'depuis le téléphone donné au dépôt.',
    noContact:
      'Vous n’avez donné ni téléphone ni e-mail : vous ne recevrez pas de message. Gardez la référence et ce lien. Pour suivre le dossier, donnez la référence à l’accueil de votre bailleur, par téléphone, ou par courrier.',
  },
  en: {
    title: 'Without the link',
    call: 'Call your landlord on',
    callNoNumber: 'Call your landlord or visit their front desk with the reference.',
    text: (ref: string) => `To know where the case stands, text “STATUS ${ref}” to`,
    textFromPhone: 'from the phone you gave when reporting.',
    noContact:
      'You gave no phone and no email: you will get no messages. Keep the reference and this link. To follow the case, give the reference at your landlord’s front desk, on the phone, or by post.',
  },
});

/** A stored E.164 number as people read it in its country, and a tel: link to it. */
export function PhoneNumber(props: { e164: string }) {
  const parsed = parsePhoneNumberFromString(props.e164);
  return <a href={`tel:${props.e164}`}>{parsed ? parsed.formatNational() : props.e164}</a>;
}

/**
 * How to follow a case without its link (issue 14, J4): the number to call and the number to text, shown
 * wherever they are promised; and, when the tenant left no phone and no e-mail, the ways that still work.
 */
export function ReachLandlord(props: {
  lang: Lang;
  reference: string;
  contact: { phone: string | null; sms: string | null; tenantHasPhone: boolean; tenantHasEmail: boolean };
}) {
  const t = words(props.lang);
  const { contact } = props;
  return (
    <section aria-labelledby="reach-title">
      <h2 id="reach-title">{t.title}</h2>
      {contact.tenantHasPhone || contact.tenantHasEmail ? null : <p class="notice warning">{t.noContact}</p>}
      <p>
        {contact.phone ? (
          <>
            {t.call} <PhoneNumber e164={contact.phone} />.
          </>
        ) : (
          t.callNoNumber
        )}
      </p>
      {contact.tenantHasPhone && contact.sms ? (
        <p>
          {t.text(props.reference)} <PhoneNumber e164={contact.sms} /> {t.textFromPhone}
        </p>
      ) : null}
    </section>
  );
}
