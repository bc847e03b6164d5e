import { Module } from '@nestjs/common';
import { DeliveryService } from './delivery.service';
import { EmailSender } from './email.sender';
import { MessageSink } from './message-sink';
import { NotificationOutbox } from './notification-outbox';
import { NotificationRelay } from './notification-relay';
import { SmsSender } from './sms.sender';
import { SmsWebhooksService } from './sms-webhooks.service';

@Module({
  providers: [
    MessageSink,
    EmailSender,
    SmsSender,
    NotificationOutbox,
    NotificationRelay,
    DeliveryService,
    SmsWebhooksService,
  ],
  exports: [
    MessageSink,
    EmailSender,
    SmsSender,
    NotificationOutbox,
    NotificationRelay,
    DeliveryService,
    SmsWebhooksService,
  ],
})
export class NotificationsModule {}
