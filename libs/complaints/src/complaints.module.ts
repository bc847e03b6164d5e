import { Module } from '@nestjs/common';
import { NotificationsModule } from '@suivi/notifications';
import { OrganisationModule } from '@suivi/organisation';
import { ComplaintsService } from './complaints.service';
import { DeadlineSweepService } from './deadline-sweep.service';
import { EventStore } from './event-store';
import { HistoryExportService } from './history-export.service';
import { Open311Service } from './open311.service';
import { AuditMetricsService } from './audit-metrics.service';
import { LinksService } from './links.service';
import { UrgencyService } from './urgency.service';

/** The use cases the API and the worker call; the event store stays inside. */
const SERVICES = [
  ComplaintsService,
  LinksService,
  UrgencyService,
  DeadlineSweepService,
  HistoryExportService,
  Open311Service,
  AuditMetricsService,
];

@Module({
  imports: [NotificationsModule, OrganisationModule],
  providers: [EventStore, ...SERVICES],
  exports: SERVICES,
})
export class ComplaintsModule {}
