import { fieldError } from '../errors';
import type { FieldError } from '../errors';
import { minutesOfDay } from '../local-time';

/** A landlord's daytime for non-urgent SMS: local times `HH:MM`, `start` strictly before `end`. */
export interface SmsWindow {
  start: string;
  end: string;
}

/** The window every landlord had before it was a setting (issue 16). */
export const DEFAULT_SMS_WINDOW: SmsWindow = { start: '08:00', end: '21:00' };

/**
 * What is wrong with a quiet-hours setting, field by field (`smsDayStart`, `smsDayEnd`): each must be a
 * time `HH:MM` (00:00–23:59, or 24:00 for an end at midnight: `minutesOfDay`), and the day must start before it ends (a window across midnight is refused:
 * quiet hours are the night). Empty when the setting is valid.
 */
export function smsWindowErrors(window: { start: unknown; end: unknown }): FieldError[] {
  const errors: FieldError[] = [];
  const start = (typeof window.start === 'string' ? minutesOfDay(window.start) : null) ?? Number.NaN;
  const end = (typeof window.end === 'string' ? minutesOfDay(window.end) : null) ?? Number.NaN;
  if (Number.isNaN(start)) errors.push(fieldError('smsDayStart', 'timeOfDay', 'must be a time HH:MM'));
  if (Number.isNaN(end)) errors.push(fieldError('smsDayEnd', 'timeOfDay', 'must be a time HH:MM'));
  if (errors.length === 0 && start >= end) {
    errors.push(fieldError('smsDayEnd', 'endBeforeStart', 'must be after smsDayStart'));
  }
  return errors;
}
