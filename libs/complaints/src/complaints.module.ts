import { Module } from '@nestjs/common';
import { ComplaintsService } from './complaints.service';
import { EventStore } from './event-store';
import { LinksService } from './links.service';

@Module({
  providers: [ComplaintsService, EventStore, LinksService],
  exports: [ComplaintsService, LinksService],
})
export class ComplaintsModule {}
