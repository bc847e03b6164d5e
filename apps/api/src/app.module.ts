import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NotificationsModule } from '@suivi/notifications';
import { MetricsModule } from '@suivi/observability';
import { MetricsController } from './health/metrics.controller';
import { TwilioWebhooksController } from './notifications/twilio-webhooks.controller';
import { AuditController } from './audit/audit.controller';
import { Open311Controller } from './audit/open311.controller';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AccessModule } from '@suivi/access';
import type { Principal } from '@suivi/access';
import { APP_CONFIG, ConfigModule } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { ComplaintsModule } from '@suivi/complaints';
import { OrganisationModule } from '@suivi/organisation';
import { DatabaseModule } from '@suivi/persistence';
import { QueueModule } from '@suivi/queue';
import { AuthController } from './auth/auth.controller';
import { AccessGuard } from './common/access';
import { ComplaintsController } from './complaints/complaints.controller';
import { HealthController } from './health/health.controller';
import { LivenessController } from './health/liveness.controller';
import { OrganisationController, ResidenceSearchController } from './organisation/organisation.controller';
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
        // Per-address limits on public routes; on Redis so they hold across replicas.
        // The Redis client is made when the application starts (not when the module is described) and
        // closed by the storage's own shutdown hook.
        ThrottlerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: 60 }],
            // Signed-in staff are accountable and throttled at sign-in; the limits guard anonymous use.
            skipIf: (context) =>
              context.switchToHttp().getRequest<{ principal?: Principal }>().principal?.kind === 'user',
            ...(appConfig.redisUrl ? { storage: new ThrottlerStorageRedisService(appConfig.redisUrl) } : {}),
          }),
        }),
      ],
      controllers: [
        AuthController,
        ComplaintsController,
        OrganisationController,
        ResidenceSearchController,
        TrackingController,
        WorkOrdersController,
        PartnerController,
        UrgencyController,
        UsersController,
        HealthController,
        LivenessController,
        TwilioWebhooksController,
        MetricsController,
        AuditController,
        Open311Controller,
        ...PORTAL_CONTROLLERS,
      ],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
    };
  }
}
