import type { ComplaintScope, ComplaintsService, FileComplaintCommand } from '@suivi/complaints';
import type { Actor, TransitionCommand } from '@suivi/domain';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the demo's clock cases need from the seed: where to file, who acts, which contractors. */
export interface DemoClockPlace {
  landlordCode: string;
  scope: ComplaintScope;
  agent: Actor;
  tenant: Actor;
  plumberId: string;
  heatingId: string;
}

/** The references of the cases, by the clock state each shows in the agents' queue. */
export interface DemoClockCases {
  dueSoon: string;
  overdue: string;
  breached: string;
  escalated: string;
  worksReported: string;
}

/**
 * Cases in every clock state the queue tells (issue 18, item 3), each filed and walked in the past through
 * the real use cases (`ComplaintsService.file` / `transition` with their `now`): the events carry those
 * past times in their hash chain, and the deadlines, next due date and audit rollup are what the live
 * code computes from them. Times are relative to `now`, so the states hold whenever the seed runs:
 * - due soon: an emergency (gas smell) filed two hours ago and acknowledged: its 24-hour intervention is
 *   due within the day;
 * - overdue: a leak filed 20 days ago, never acknowledged (every level acknowledges within 5 working days);
 * - breached: a broken window filed 15 days ago and acknowledged 8 days late, since repaired and checked:
 *   its next deadline (the 20-working-day resolution or longer) is still ahead, the missed one stays missed;
 * - escalated: a heating case closed three weeks ago that the tenant took to a supervisor two days ago
 *   (stage 2: the review has 5 working days to be acknowledged);
 * - works reported: the contractor reported a hot-water repair done yesterday; nobody checked it yet.
 * (On hold is the seed's assigned case waiting for parts.)
 */
export async function seedClockCases(
  complaints: ComplaintsService,
  place: DemoClockPlace,
  now: number = Date.now(),
): Promise<DemoClockCases> {
  const { agent, tenant } = place;
  const contractor = (id: string): Actor => ({ role: 'contractor', id });
  const file = async (at: number, overrides: Partial<FileComplaintCommand>) =>
    (
      await complaints.file(
        {
          landlordCode: place.landlordCode,
          residenceCode: 'SAINT-ELOI',
          category: 'other',
          description: '—',
          channel: 'phone',
          tenant: { name: 'Hélène Dubois', phone: '06 45 67 89 01', language: 'fr' },
          ...overrides,
        },
        agent,
        undefined,
        undefined,
        new Date(at),
      )
    ).reference;
  const walk = async (reference: string, steps: [TransitionCommand, Actor, number][]) => {
    let version: number | undefined;
    for (const [command, actor, at] of steps) {
      const result = await complaints.transition(
        reference,
        command,
        version,
        actor,
        place.scope,
        new Date(at),
      );
      version = result.version;
    }
  };

  const dueSoon = await file(now - 2 * HOUR, {
    category: 'gas',
    flags: ['gas_smell'],
    description: 'Forte odeur de gaz dans la cuisine.',
    residenceCode: 'LES-TILLEULS',
    tenant: { name: 'Karim Benali', phone: '06 23 45 67 89', language: 'fr' },
  });
  await walk(dueSoon, [
    [{ action: 'acknowledge', publicText: 'GRDF et notre technicien sont prévenus.' }, agent, now - HOUR],
  ]);

  const overdue = await file(now - 20 * DAY, {
    category: 'plumbing_leak',
    description: 'Fuite sous la baignoire, le plafond du voisin est taché.',
  });

  const breached = await file(now - 15 * DAY, {
    category: 'windows_doors',
    description: 'Fenêtre de la chambre cassée, elle ne ferme plus.',
    residenceCode: 'LE-BEFFROI',
    tenant: { name: 'Élodie François', phone: '+33 7 81 23 45 67', language: 'fr' },
  });
  await walk(breached, [
    [{ action: 'acknowledge', internalText: 'Reçu en retard : dossier égaré.' }, agent, now - 7 * DAY],
    [{ action: 'assign', contractorId: place.plumberId }, agent, now - 7 * DAY + HOUR],
    [
      { action: 'report_done', text: 'Vitrage et crémone remplacés.' },
      contractor(place.plumberId),
      now - 6 * DAY,
    ],
    [{ action: 'check_works' }, tenant, now - 5 * DAY],
  ]);

  const escalated = await file(now - 25 * DAY, {
    category: 'heating',
    description: 'Radiateur du séjour froid.',
    residenceCode: 'LES-CIGALES',
    tenant: { name: 'Sophie Martin', phone: '06 98 76 54 32', language: 'fr' },
  });
  await walk(escalated, [
    [{ action: 'acknowledge' }, agent, now - 25 * DAY + 2 * HOUR],
    [{ action: 'assign', contractorId: place.heatingId }, agent, now - 24 * DAY],
    [{ action: 'report_done', text: 'Radiateur purgé.' }, contractor(place.heatingId), now - 23 * DAY],
    [{ action: 'check_works', internalText: 'Vérifié par téléphone.' }, agent, now - 22 * DAY],
    [{ action: 'close', resolution: 'Radiateur purgé et vanne débloquée.' }, agent, now - 21 * DAY],
    [{ action: 'escalate', reason: 'Le radiateur est de nouveau froid.' }, tenant, now - 2 * DAY],
  ]);

  const worksReported = await file(now - 4 * DAY, {
    category: 'hot_water',
    description: 'Plus d’eau chaude au robinet de la cuisine.',
  });
  await walk(worksReported, [
    [{ action: 'acknowledge' }, agent, now - 4 * DAY + HOUR],
    [{ action: 'assign', contractorId: place.plumberId }, agent, now - 3 * DAY],
    [{ action: 'report_done', text: 'Mitigeur changé.' }, contractor(place.plumberId), now - DAY],
  ]);

  return { dueSoon, overdue, breached, escalated, worksReported };
}
