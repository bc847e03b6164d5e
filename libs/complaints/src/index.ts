export * from './complaints.service';
export { SEARCH_MAX_LENGTH } from './complaint-search';
export * from './event-store';
export * from './complaints.module';
export * from './scope';
export * from './links.service';
export * from './urgency.service';
export * from './stage-clocks';
export * from './deadline-sweep.service';
export * from './history-export.service';
export * from './open311.service';
export * from './audit-metrics.service';
export * from './on-call-duty.service';
export type { OnCallAlertView } from './complaint-record.repository';
export * from './transparency.service';
export * from './transparency.format';
// The owner of the complaint tables, exported for the scale seed's bulk load (outside Nest).
export { ComplaintRecordRepository } from './complaint-record.repository';
export type { ComplaintBulkRow } from './complaint-record.repository';
