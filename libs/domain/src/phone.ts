import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import { phoneRegionsFor } from './organisation';

/** A phone number read for a landlord: its E.164 form, and whether it can receive text messages. */
export interface ReadPhone {
  e164: string;
  /** Mobile (or a number the plan does not tell apart from one); false for landlines, VoIP, premium lines… */
  canTakeSms: boolean;
}

/** Line types that receive SMS; fixed lines do not (many French ones answer texts with a voice call). */
const SMS_TYPES: readonly (NumberType | undefined)[] = ['MOBILE', 'FIXED_LINE_OR_MOBILE'];

/**
 * Reads a phone number as a landlord's tenant types it: international forms as they are; national forms
 * (`0692 12 34 56`) in the landlord's telephone region first, then in the rest of its country's numbering
 * family (see the domain's `phoneRegionsFor`), the first valid reading winning. libphonenumber's full
 * metadata tells the line type. The whole input must be the number (spaces, dots, dashes, brackets and
 * an extension allowed): text around it (`0612345678xxxx`, `tel: 06…`) is refused, not read as the number it
 * starts with. Null when no reading is valid.
 */
export function readPhone(input: string, country: string, region: string): ReadPhone | null {
  for (const where of phoneRegionsFor(country, region)) {
    const parsed = parsePhoneNumberFromString(input, {
      defaultCountry: where as CountryCode,
      extract: false,
    });
    if (parsed?.isValid()) return { e164: parsed.number, canTakeSms: SMS_TYPES.includes(parsed.getType()) };
  }
  return null;
}

/** The E.164 form of a number a provider sends (already international); the input when it does not parse. */
export function normalisedE164(input: string): string {
  const parsed = parsePhoneNumberFromString(input);
  return parsed?.isValid() ? parsed.number : input;
}
