import { Module } from '@nestjs/common';
import { NotificationsModule } from '@suivi/notifications';
import { ComplaintsService } from './complaints.service';
import { DeadlineSweepService } from './deadline-sweep.service';
import { EventStore } from './event-store';
import { HistoryExportService } from './history-export.service';
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
  ],
  exports: [ComplaintsService, LinksService, UrgencyService, DeadlineSweepService, HistoryExportService],
})
export class ComplaintsModule {}
