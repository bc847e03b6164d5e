import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = `'pending','queued','sending','retrying','sent','delivered','undelivered','failed','unknown','suppressed'`;

/**
 * Issue 16, items 3 and 4. Quiet hours become a landlord setting (`sms_day_start`/`sms_day_end`, `HH:MM` in
 * the landlord's time zone, 08:00–21:00 as before). An outbox row remembers whether it was held for the
 * morning (`held`); a held SMS overtaken by a later message to the same recipient is `superseded` (a new
 * terminal state), and the message that replaces it counts how many it sums up (`summarises`).
 */
export class QuietHours1796045000000 implements MigrationInterface {
  name = 'QuietHours1796045000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "landlords"
            ADD "sms_day_start" character varying(5) NOT NULL DEFAULT '08:00',
            ADD "sms_day_end" character varying(5) NOT NULL DEFAULT '21:00'
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD "held" boolean NOT NULL DEFAULT false,
            ADD "summarises" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "CHK_notifications_status"`);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "CHK_notifications_status" CHECK ("status" IN (${STATES},'superseded'))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // A superseded message was never sent: it reads as suppressed under the older states.
    await queryRunner.query(
      `UPDATE "notifications" SET "status" = 'suppressed' WHERE "status" = 'superseded'`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "CHK_notifications_status"`);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "CHK_notifications_status" CHECK ("status" IN (${STATES}))
        `);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "summarises", DROP COLUMN "held"`);
    await queryRunner.query(`ALTER TABLE "landlords" DROP COLUMN "sms_day_end", DROP COLUMN "sms_day_start"`);
  }
}
