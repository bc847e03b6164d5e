/** Holiday-calendar regions a landlord can be in, by country. */
export const CALENDAR_REGIONS = {
  FR: [
    'metropole',
    'alsace_moselle',
    'guadeloupe',
    'martinique',
    'guyane',
    'reunion',
    'mayotte',
    'saint_martin',
    'saint_barthelemy',
    'saint_pierre_et_miquelon',
    'nouvelle_caledonie',
    'polynesie_francaise',
  ],
  GB: ['england_wales', 'scotland', 'northern_ireland'],
} as const;
export type Country = keyof typeof CALENDAR_REGIONS;
export const COUNTRIES = Object.keys(CALENDAR_REGIONS) as Country[];

/**
 * The telephone region (ISO 3166 code as libphonenumber names it) of each calendar region: a number typed
 * in national form (`0692 12 34 56`) is read in the landlord's region first, so a Réunion tenant's mobile is
 * +262 692…, not +33 692…. French overseas departments and collectivities share the trunk prefix 0 but
 * have their own country codes (+262, +590, +594, +596, +508, +687, +689).
 */
export const PHONE_REGION_OF: Record<string, string> = {
  metropole: 'FR',
  alsace_moselle: 'FR',
  guadeloupe: 'GP',
  martinique: 'MQ',
  guyane: 'GF',
  reunion: 'RE',
  mayotte: 'YT',
  saint_martin: 'MF',
  saint_barthelemy: 'BL',
  saint_pierre_et_miquelon: 'PM',
  nouvelle_caledonie: 'NC',
  polynesie_francaise: 'PF',
  england_wales: 'GB',
  scotland: 'GB',
  northern_ireland: 'GB',
};

/** Telephone regions sharing a national numbering habit with each country, tried after the landlord's own. */
const PHONE_NEIGHBOURS: Record<string, readonly string[]> = {
  FR: ['FR', 'RE', 'GP', 'MQ', 'GF', 'YT', 'MF', 'BL', 'PM', 'NC', 'PF'],
  GB: ['GB'],
};

/**
 * The regions to read a nationally written phone number in, in order: the landlord's region first, then
 * the rest of its country's numbering family (a Réunion tenant with a mainland mobile `06…` is still read
 * right, as is a mainland landlord's tenant with a `0692…` Réunion mobile).
 */
export function phoneRegionsFor(country: string, region: string): string[] {
  const own = PHONE_REGION_OF[region] ?? country;
  return [...new Set([own, ...(PHONE_NEIGHBOURS[country] ?? [country])])];
}

export function isValidRegion(country: string, region: string): boolean {
  const regions: readonly string[] | undefined = CALENDAR_REGIONS[country as Country];
  return regions !== undefined && regions.includes(region);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Codes used in URLs: upper-case letters, digits and hyphens. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
