// Reliability and security (issue 9). The rate-limit counters table that processes share on PostgreSQL
// (rate-limiter-flexible's layout; SQLite keeps its counters in memory). And the audit log becomes append-only and hash-chained (server/persistence/audit_chain.ts): each row carries the
// previous row's hash and its own; audit_chain_head holds the newest row's seq and hash. Rows written before this
// migration are chained here, in seq order. Triggers refuse UPDATE and DELETE of audit rows.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

// The chain's hash as server/persistence/audit_chain.ts computed it when this migration was written, held here so
// that the migration stays as it was (a migration imports no live code; spec/migrations/reliability.spec.ts checks
// that the live code still verifies the rows this migration chained).
const GENESIS_HASH = '0'.repeat(64);
const FIELDS = ['event', 'at', 'agent_id', 'principal_id', 'service_uuid', 'client_id', 'mandate_id', 'detail'] as const;
const canonicalRow = (row: Record<string, unknown>): string =>
  JSON.stringify(FIELDS.map((field) => (row[field] === null || row[field] === undefined ? null : String(row[field]))));
const chainHash = (previousHash: string, row: Record<string, unknown>): string =>
  createHash('sha256').update(previousHash).update('\n').update(canonicalRow(row)).digest('hex');

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
  });
  await knex.schema.alterTable('audit_log', (t) => {
    t.string('prev_hash', 64);
    t.string('hash', 64);
  });
  await knex.schema.createTable('audit_chain_head', (t) => {
    t.integer('id').primary();
    t.bigInteger('seq');
    t.string('hash', 64).notNullable();
  });
  let previous = GENESIS_HASH;
  let lastSeq: unknown = null;
  for (const row of (await knex('audit_log').orderBy('seq')) as Array<Record<string, unknown>>) {
    const hash = chainHash(previous, row);
    await knex('audit_log').where({ seq: row.seq }).update({ prev_hash: previous, hash });
    [previous, lastSeq] = [hash, row.seq];
  }
  await knex('audit_chain_head').insert({ id: 1, seq: lastSeq, hash: previous });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`);
    await knex.raw('CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()');
  } else {
    await knex.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END");
    await knex.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END");
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_delete');
  }
  await knex.schema.dropTable('audit_chain_head');
  await knex.schema.dropTable('rate_limits');
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('prev_hash');
    t.dropColumn('hash');
  });
}
