import { COMPLAINT_STATES, HOLD_REASONS } from '../complaint/vocabulary';
import { nextStep } from '../complaint/transitions';
import { smsEncoding } from './gsm7';
import { OPT_IN_REPLY, UNKNOWN_SMS_REPLY, renderStatusReply } from './templates';

// Issue 14 J7: every answer to a texted STATUT fits one GSM-7 segment.

describe('SMS replies fit one GSM-7 segment', () => {
  it.each([
    ['unknown', UNKNOWN_SMS_REPLY],
    ['opt-in', OPT_IN_REPLY],
  ])('the %s reply', (_name, text) => {
    expect(smsEncoding(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  const holds = [null, ...HOLD_REASONS];
  const cases = COMPLAINT_STATES.flatMap((state) =>
    holds.flatMap((hold) => (['fr', 'en'] as const).map((locale) => [state, hold, locale] as const)),
  );
  it.each(cases)('the status reply for %s (hold %s) in %s', (state, hold, locale) => {
    const text = renderStatusReply(locale, state, {
      template: 'status',
      reference: '7K3M-9QXA-B2C4X',
      landlordName: 'Office Public de l’Habitat de la Réunion',
      nextStep: nextStep(state, hold)?.step ?? null,
      dueBy: new Date('2026-12-30T22:59:00Z'),
      appointment: null,
      stage: null,
      // A real-length link: a production host and a 22-character token.
      link: 'https://suivi.bailleur-exemple.fr/t/AbCdEfGhIjKlMnOpQrStUv',
      timeZone: 'Indian/Reunion',
    });
    expect({ text, ...smsEncoding(text) }).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});
