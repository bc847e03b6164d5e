import { ACTIONS, INTAKE_ACTION } from './vocabulary';
import type { EventAction } from './vocabulary';
import { TRANSITIONS } from './transitions';
import type { TransitionRule } from './transitions';

/**
 * The events that change what a public feed (Open311 GeoReport v2) says about a request, and so move its
 * `updated_datetime`: the filing, every action that sets a state (the `to` column of the transition table:
 * acknowledge, assign, checks, closing, reopening…), and the two that change a published field of an open
 * request — `reclassify` (service_code) and `override_urgency` (service_notice). Notes, holds, escalations,
 * reviews and deadline alerts do not. Both extra actions are allowed in open states only, so once a request
 * is closed its `updated_datetime` is the time it was closed and stays so until it is reopened.
 */
export const PUBLISHED_CHANGE_ACTIONS: readonly EventAction[] = [
  INTAKE_ACTION,
  ...ACTIONS.filter((action) => (TRANSITIONS[action] as TransitionRule).to !== null),
  'reclassify',
  'override_urgency',
];
