import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, item M6. A contractor's account lists their work orders (`/contractor`): work orders are read by
 * contractor, so they get an index on it. No new table or column: contractor accounts already exist as the
 * `contractor` role with `users.contractor_id`.
 */
export class ContractorOrders1796110000000 implements MigrationInterface {
  name = 'ContractorOrders1796110000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_work_orders_contractor" ON "work_orders" ("contractor_id", "created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_work_orders_contractor"`);
  }
}
