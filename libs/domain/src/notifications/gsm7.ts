/** The GSM 03.38 default alphabet; the extension table's characters cost two septets each. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '^{}\\[~]|€\f';

export interface SmsEncoding {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** How a text travels as SMS: GSM-7 when every character is in the alphabet, else UCS-2; and in how many parts. */
export function smsEncoding(text: string): SmsEncoding {
  let septets = 0;
  for (const char of text) {
    if (BASIC.includes(char)) septets += 1;
    else if (EXTENSION.includes(char)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** Letters and signs outside GSM-7 that French and English texts use, and their closest GSM-7 spelling. */
const GSM7_FOLD: Record<string, string> = {
  ç: 'c',
  â: 'a',
  ê: 'e',
  ë: 'e',
  î: 'i',
  ï: 'i',
  ô: 'o',
  û: 'u',
  ÿ: 'y',
  á: 'a',
  í: 'i',
  ó: 'o',
  ú: 'u',
  À: 'A',
  Â: 'A',
  È: 'E',
  Ê: 'E',
  Ë: 'E',
  Î: 'I',
  Ï: 'I',
  Ô: 'O',
  Û: 'U',
  Ù: 'U',
  œ: 'oe',
  Œ: 'OE',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '‑': '-',
  '…': '...',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
};

/**
 * The text with the characters that would force UCS-2 (70 characters a segment instead of 160) replaced
 * by their GSM-7 spelling (`reçu` → `recu`, `’` → `'`), as Twilio's "smart encoding" does; characters
 * with no such spelling are left as they are.
 */
export function foldToGsm7(text: string): string {
  let out = '';
  for (const char of text) out += GSM7_FOLD[char] ?? char;
  return out;
}
