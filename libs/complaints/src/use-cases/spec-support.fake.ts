import { UrgencyService } from '../urgency.service';
import type { UrgencyRulesRepository } from '../urgency-rules.repository';
import { EventStore } from '../event-store';
import type { NotificationOutbox } from '@suivi/notifications';
import { FakeComplaintRecords } from './complaint-records.fake';

type OutboxEvent = Parameters<NotificationOutbox['record']>[1];

/** The outbox as the use cases call it, keeping what it was handed (no queue, no database). */
export class RecordingOutbox {
  readonly recorded: OutboxEvent[] = [];

  async record(_manager: unknown, event: OutboxEvent): Promise<number> {
    this.recorded.push(event);
    return 1;
  }
}

/** A landlord in mainland France with no published rules: the country preset decides urgency. */
export const LANDLORD = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'OPH',
  country: 'FR',
  region: 'metropole',
  timezone: 'Europe/Paris',
  closures: [] as string[],
};

/** The use cases' collaborators, all without I/O: the fake store, the real (pure) urgency and events. */
export function fakes() {
  const records = new FakeComplaintRecords();
  records.landlords.set(LANDLORD.code, LANDLORD);
  const rules: Pick<UrgencyRulesRepository, keyof UrgencyRulesRepository> = {
    latest: async () => undefined,
    byVersion: async () => undefined,
    versions: async () => [],
    insertNext: async () => 1,
  };
  const outbox = new RecordingOutbox();
  return {
    records,
    urgency: new UrgencyService(rules),
    events: new EventStore(),
    outbox,
    config: { linkSecret: 'a-link-secret-for-unit-specs-only-0123456789' },
  };
}
