export * from './complaints.service';
export * from './event-store';
export * from './complaints.module';
export * from './scope';
export * from './links.service';
export * from './urgency.service';
export * from './stage-clocks';
export * from './deadline-sweep.service';
