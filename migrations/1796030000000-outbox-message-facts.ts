import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts a message tells (reference, state, landlord, deadlines, appointment, next step, work order) are
 * stored on its outbox row when it is written, so the delivery reads its own row instead of the complaint's
 * tables. Rows written before have none (NULL): the delivery reads their facts as it did (see
 * ComplaintFactsQueries.messageFacts), so they send unchanged.
 */
export class OutboxMessageFacts1796030000000 implements MigrationInterface {
  name = 'OutboxMessageFacts1796030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notifications" ADD "facts" jsonb
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP COLUMN "facts"
        `);
  }
}
