import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages not tied to an event (issue 14, J5: the tracking link re-sent from /follow): the outbox's
 * idempotency key (complaint, seq, audience, recipient, channel) gets a fifth part, `request_key`, empty for
 * the messages of an event (so their key is unchanged) and the request's own id for a message a person asked
 * for — written once per request, however often the insert is retried.
 */
export class OutboxRequestKey1796020000000 implements MigrationInterface {
  name = 'OutboxRequestKey1796020000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD "request_key" character varying(64) NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "UQ_notifications_idempotency"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "UQ_notifications_idempotency" UNIQUE (
                "complaint_id", "seq", "audience", "recipient_id", "channel", "request_key"
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Requested messages have no place under the narrower key: they are removed (their sends are history).
    await queryRunner.query(`DELETE FROM "notifications" WHERE "request_key" <> ''`);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "UQ_notifications_idempotency"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "UQ_notifications_idempotency" UNIQUE (
                "complaint_id", "seq", "audience", "recipient_id", "channel"
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP COLUMN "request_key"
        `);
  }
}
