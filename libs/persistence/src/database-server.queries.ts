import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Statements about the PostgreSQL server itself rather than any table: whether it answers, and which
 * databases exist. The embedded launcher (`npm start`), the scale seed and the health endpoints use them;
 * no other file of `libs/persistence` runs SQL.
 */

/** Database names these statements accept: a plain lower-case identifier (they cannot be parameters). */
const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

function plain(name: string): string {
  if (!PLAIN_NAME.test(name)) throw new Error(`unexpected database name ${name}`);
  return name;
}

/**
 * Whether the database answers: resolves when a trivial statement runs, rejects with the driver's error
 * otherwise (the health endpoints turn it into `down`).
 */
export async function databaseAnswers(db: DataSource): Promise<void> {
  await db.query('SELECT 1');
}

/**
 * One connection to a server's maintenance database (`postgres`), for creating, dropping and renaming
 * databases. Every method throws `unexpected database name …` for a name that is not a plain lower-case
 * identifier, and the driver's error when the server refuses.
 */
export class DatabaseServer {
  private constructor(private readonly admin: Client) {}

  /**
   * Connects to the maintenance database of the server that `url` names (any database path in `url` is
   * replaced by `/postgres`). `close()` ends the connection.
   */
  static async open(url: string): Promise<DatabaseServer> {
    const server = new URL(url);
    server.pathname = '/postgres';
    const admin = new Client({ connectionString: server.toString() });
    admin.on('error', () => undefined);
    await admin.connect();
    return new DatabaseServer(admin);
  }

  /** Whether a database of this name exists. */
  async exists(name: string): Promise<boolean> {
    const { rowCount } = await this.admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      plain(name),
    ]);
    return (rowCount ?? 0) > 0;
  }

  /** Creates an empty database (the server's default template). */
  async create(name: string): Promise<void> {
    await this.admin.query(`CREATE DATABASE ${plain(name)}`);
  }

  /** Drops the database if it exists, ending the sessions still connected to it. */
  async drop(name: string): Promise<void> {
    await this.admin.query(`DROP DATABASE IF EXISTS ${plain(name)} WITH (FORCE)`);
  }

  /** Ends every session connected to the database (a pool closing late), so it can be renamed. */
  async disconnectAll(name: string): Promise<void> {
    await this.admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      plain(name),
    ]);
  }

  /** Renames a database; nobody may be connected to it (see `disconnectAll`). */
  async rename(from: string, to: string): Promise<void> {
    await this.admin.query(`ALTER DATABASE ${plain(from)} RENAME TO ${plain(to)}`);
  }

  async close(): Promise<void> {
    await this.admin.end().catch(() => undefined);
  }
}
