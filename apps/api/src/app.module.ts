import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NotificationsModule } from '@suivi/notifications';
import { MetricsModule } from '@suivi/observability';
import { MetricsController } from './health/metrics.controller';
import { TwilioWebhooksController } from './notifications/twilio-webhooks.controller';
import { AuditController } from './audit/audit.controller';
import { Open311Controller } from './audit/open311.controller';
import { TransparencyController } from './audit/transparency.controller';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessModule } from '@suivi/access';
import { APP_CONFIG, ConfigModule } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { throttlerOptions } from './common/throttling';
import { ComplaintsModule } from '@suivi/complaints';
import { OrganisationModule } from '@suivi/organisation';
import { DatabaseModule } from '@suivi/persistence';
import { QueueModule } from '@suivi/queue';
import { AuthController } from './auth/auth.controller';
import { AccessGuard } from './common/access';
import { ComplaintsController } from './complaints/complaints.controller';
import { HealthController } from './health/health.controller';
import { OrganisationController, ResidenceSearchController } from './organisation/organisation.controller';
import { OnCallController } from './organisation/on-call.controller';
import { PartnerController } from './partner/partner.controller';
import { TrackingController, WorkOrdersController } from './tracking/tracking.controller';
import { UrgencyController } from './urgency/urgency.controller';
import { UsersController } from './users/users.controller';
import { PORTAL_CONTROLLERS } from './portal/portal';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        QueueModule,
        AccessModule,
        ComplaintsModule,
        OrganisationModule,
        NotificationsModule,
        MetricsModule,
        // The Redis client is made when the application starts (not when the module is described) and
        // closed by the storage's own shutdown hook.
        ThrottlerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: throttlerOptions }),
      ],
      controllers: [
        AuthController,
        ComplaintsController,
        OrganisationController,
        OnCallController,
        ResidenceSearchController,
        TrackingController,
        WorkOrdersController,
        PartnerController,
        UrgencyController,
        UsersController,
        HealthController,
        TwilioWebhooksController,
        MetricsController,
        AuditController,
        Open311Controller,
        TransparencyController,
        ...PORTAL_CONTROLLERS,
      ],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
    };
  }
}
