import { Global, Module } from '@nestjs/common';
import { ComplaintFacts, NotificationsModule } from '@suivi/notifications';
import { OrganisationModule } from '@suivi/organisation';
import { ComplaintsService } from './complaints.service';
import { ComplaintQueries, MessageFactsQueries } from './complaint.queries';
import { ComplaintRecordRepository } from './complaint-record.repository';
import { DeadlineSweepService } from './deadline-sweep.service';
import { EventStore } from './event-store';
import { HistoryExportService } from './history-export.service';
import { Open311Service } from './open311.service';
import { AuditMetricsService } from './audit-metrics.service';
import { LinksService } from './links.service';
import { WorkOrdersService } from './work-orders.service';
import { ComplaintDirectoryReferences } from './directory-references';
import { UrgencyService } from './urgency.service';
import { UrgencyRulesRepository } from './urgency-rules.repository';
import { AuditRepository } from './audit.repository';
import { OnCallDuty } from './on-call-duty.service';
import { TransparencyService } from './transparency.service';
import { FileComplaint } from './use-cases/file-complaint';
import { ResendNotification } from './use-cases/resend-notification';
import { TransitionComplaint } from './use-cases/transition-complaint';
import { ViewComplaint } from './use-cases/view-complaint';

/** The use cases the API and the worker call. */
const SERVICES = [
  ComplaintsService,
  LinksService,
  WorkOrdersService,
  UrgencyService,
  DeadlineSweepService,
  HistoryExportService,
  Open311Service,
  AuditMetricsService,
  OnCallDuty,
  TransparencyService,
];

/** Inside the module: the repositories and read models (which own the SQL) and the use cases. */
const INTERNALS = [
  EventStore,
  ComplaintRecordRepository,
  ComplaintQueries,
  UrgencyRulesRepository,
  AuditRepository,
  FileComplaint,
  TransitionComplaint,
  ResendNotification,
  ViewComplaint,
  ComplaintDirectoryReferences,
];

/**
 * The complaints capability answers the notifications' questions about complaints (the ComplaintFacts
 * port): global, so the notifications module's providers get it without importing this lib (which imports
 * theirs). The complaint-side SQL stays with the complaints.
 */
@Global()
@Module({
  providers: [{ provide: ComplaintFacts, useClass: MessageFactsQueries }],
  exports: [ComplaintFacts],
})
export class ComplaintFactsModule {}

@Module({
  imports: [ComplaintFactsModule, NotificationsModule, OrganisationModule],
  providers: [...INTERNALS, ...SERVICES],
  exports: SERVICES,
})
export class ComplaintsModule {}
