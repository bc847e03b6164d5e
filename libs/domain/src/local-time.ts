/**
 * A local time of day `HH:MM` (00:00–23:59, and 24:00 for the end of a day, as ISO 8601 allows) as minutes
 * after midnight, or null when it is not such a time. The one reading of the times landlords set: office
 * hours of the on-call duty, the daytime window of non-urgent SMS.
 */
export function minutesOfDay(value: string): number | null {
  if (value === '24:00') return 24 * 60;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}
