/**
 * The rows an UPDATE changed. TypeORM answers an UPDATE (with or without RETURNING) on PostgreSQL as
 * `[rows, count]`, not as the rows: checking `.length` of that pair is always 2, so single-use guards must
 * read the count.
 */
export function updatedCount(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  throw new Error('Expected the [rows, count] answer of an UPDATE');
}
