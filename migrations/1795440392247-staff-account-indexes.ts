import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the admin's staff accounts page: a landlord's members, and each account's last sign-in. */

export class StaffAccountIndexes1795440392247 implements MigrationInterface {
  name = 'StaffAccountIndexes1795440392247';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_memberships_landlord" ON "memberships" ("landlord_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_sign_in_attempts_user_at" ON "sign_in_attempts" ("user_id", "at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_sign_in_attempts_user_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_memberships_landlord"
        `);
  }
}
