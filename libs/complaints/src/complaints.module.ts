import { Module } from '@nestjs/common';
import { NotificationsModule } from '@suivi/notifications';
import { ComplaintsService } from './complaints.service';
import { DeadlineSweepService } from './deadline-sweep.service';
import { EventStore } from './event-store';
import { HistoryExportService } from './history-export.service';
import { Open311Service } from './open311.service';
import { AuditMetricsService } from './audit-metrics.service';
import { LinksService } from './links.service';
import { UrgencyService } from './urgency.service';

@Module({
  imports: [NotificationsModule],
  providers: [
    ComplaintsService,
    EventStore,
    LinksService,
    UrgencyService,
    DeadlineSweepService,
    HistoryExportService,
    Open311Service,
    AuditMetricsService,
  ],
  exports: [
    ComplaintsService,
    LinksService,
    UrgencyService,
    DeadlineSweepService,
    HistoryExportService,
    Open311Service,
    AuditMetricsService,
  ],
})
export class ComplaintsModule {}
