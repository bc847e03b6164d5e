import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification outbox, webhook receipts (deduplication), sweep runs, and SMS opt-outs. */

export class Notifications1795431005198 implements MigrationInterface {
  name = 'Notifications1795431005198';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "complaint_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "audience" character varying(16) NOT NULL,
                "recipient_id" character varying(64) NOT NULL DEFAULT '',
                "channel" character varying(8) NOT NULL,
                "address" character varying(254) NOT NULL,
                "locale" character varying(2) NOT NULL,
                "template" character varying(32) NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'pending',
                "not_before" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "attempts" integer NOT NULL DEFAULT '0',
                "provider_id" character varying(64),
                "error_code" character varying(40),
                "error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "queued_at" TIMESTAMP WITH TIME ZONE,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_notifications_idempotency" UNIQUE (
                    "complaint_id",
                    "seq",
                    "audience",
                    "recipient_id",
                    "channel"
                ),
                CONSTRAINT "CHK_notifications_status" CHECK (
                    "status" IN (
                        'pending',
                        'queued',
                        'sending',
                        'retrying',
                        'sent',
                        'delivered',
                        'undelivered',
                        'failed',
                        'unknown',
                        'suppressed'
                    )
                ),
                CONSTRAINT "CHK_notifications_channel" CHECK ("channel" IN ('email', 'sms')),
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_notifications_provider_id" ON "notifications" ("provider_id")
            WHERE provider_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notifications_complaint" ON "notifications" ("complaint_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notifications_pending" ON "notifications" ("not_before")
            WHERE status = 'pending'
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_receipts" (
                "kind" character varying(16) NOT NULL,
                "key" character varying(80) NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_76c0fd61dace8c10da8838a74de" PRIMARY KEY ("kind", "key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "sweep_runs" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "duration_ms" integer NOT NULL,
                "recorded" jsonb NOT NULL,
                CONSTRAINT "PK_cf837c21b5e540f10368b0ba6d3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "tenant_contacts"
            ADD "sms_opted_out_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "FK_951e270b7eea167b95e6d501df0" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "FK_951e270b7eea167b95e6d501df0"
        `);
    await queryRunner.query(`
            ALTER TABLE "tenant_contacts" DROP COLUMN "sms_opted_out_at"
        `);
    await queryRunner.query(`
            DROP TABLE "sweep_runs"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_receipts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notifications_pending"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notifications_complaint"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_notifications_provider_id"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
  }
}
