import { Module } from '@nestjs/common';
import { ComplaintsService } from './complaints.service';
import { EventStore } from './event-store';
import { LinksService } from './links.service';
import { UrgencyService } from './urgency.service';

@Module({
  providers: [ComplaintsService, EventStore, LinksService, UrgencyService],
  exports: [ComplaintsService, LinksService, UrgencyService],
})
export class ComplaintsModule {}
