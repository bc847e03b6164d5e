import { Module } from '@nestjs/common';
import { DeliveryService } from './delivery.service';
import { DeliveryReconciler } from './delivery-reconciler';
import { EmailFallback } from './email-fallback';
import { EmailSender } from './email.sender';
import { MessagePreferences } from './message-preferences';
import { MessageSink } from './message-sink';
import { NotificationOutbox } from './notification-outbox';
import { NotificationRelay } from './notification-relay';
import { NotificationResender } from './notification-resender';
import { NotificationRepository } from './notification.repository';
import { SmsSender } from './sms.sender';
import { SmsWebhooksService } from './sms-webhooks.service';
import { TrackingLinkResender } from './tracking-link.resender';

/**
 * Every piece of the capability is offered to the API and the worker. The complaint facts it asks for
 * (the ComplaintFacts port) are provided by the complaints capability (ComplaintFactsModule, global).
 */
const PROVIDERS = [
  NotificationRepository,
  MessageSink,
  EmailSender,
  SmsSender,
  NotificationOutbox,
  NotificationRelay,
  DeliveryService,
  DeliveryReconciler,
  SmsWebhooksService,
  TrackingLinkResender,
  EmailFallback,
  NotificationResender,
  MessagePreferences,
];

@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class NotificationsModule {}
