/** Holiday-calendar regions a landlord can be in, by country. */
export const CALENDAR_REGIONS = {
  FR: ['metropole', 'alsace_moselle', 'guadeloupe', 'martinique', 'guyane', 'reunion', 'mayotte'],
  GB: ['england_wales', 'scotland', 'northern_ireland'],
} as const;
export type Country = keyof typeof CALENDAR_REGIONS;
export const COUNTRIES = Object.keys(CALENDAR_REGIONS) as Country[];

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
