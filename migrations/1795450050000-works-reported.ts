import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `works_reported`: the contractor reported the works done since they were (re)ordered — the guard of
 * check_works / reject_works in the domain's transition table. Existing complaints take it from their
 * history: true when, among the events that set or clear it (assign, reassign, report_done, reject_works,
 * reopen), the last is a report_done.
 */
export class WorksReported1795450050000 implements MigrationInterface {
  name = 'WorksReported1795450050000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "works_reported" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            UPDATE complaints c SET works_reported = true
              FROM (SELECT DISTINCT ON (complaint_id) complaint_id, action
                      FROM complaint_events
                     WHERE action IN ('assign', 'reassign', 'report_done', 'reject_works', 'reopen')
                     ORDER BY complaint_id, seq DESC) last
             WHERE last.complaint_id = c.id AND last.action = 'report_done'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "works_reported"
        `);
  }
}
