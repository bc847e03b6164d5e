import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, item 5. Which e-mails a tenant contact wants (`email_preference`): every step (`all`, what
 * everyone had so far), only the essential ones (`essential`, what a one-click unsubscribe leaves), or none.
 */
export class EmailPreferences1796070000000 implements MigrationInterface {
  name = 'EmailPreferences1796070000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tenant_contacts" ADD "email_preference" character varying(9) NOT NULL DEFAULT 'all'`,
    );
    await queryRunner.query(`
            ALTER TABLE "tenant_contacts"
            ADD CONSTRAINT "CHK_tenant_contacts_email_preference"
            CHECK ("email_preference" IN ('all','essential','none'))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tenant_contacts" DROP CONSTRAINT "CHK_tenant_contacts_email_preference"`,
    );
    await queryRunner.query(`ALTER TABLE "tenant_contacts" DROP COLUMN "email_preference"`);
  }
}
