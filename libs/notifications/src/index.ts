export * from './notifications.module';
export * from './notification-outbox';
export * from './notification-relay';
export * from './notification-links';
export * from './delivery.service';
export * from './email.sender';
export * from './sms.sender';
export * from './message-sink';
