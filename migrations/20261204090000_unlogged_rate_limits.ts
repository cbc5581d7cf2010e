// PostgreSQL: the rate-limit counters in an UNLOGGED table. They are counted on every login and token request (nine
// writes a login, five a refresh grant), and each was a durable commit: a WAL record and an fdatasync for a number
// that only matters for the next minute. Unlogged, PostgreSQL skips the WAL; the price is what a restart of one
// process costs on SQLite (counters held in memory): after a crash of the database server the table is empty, and a
// standby does not have it. SQLite has no such table kind and keeps its counters in memory anyway (rate_limit_store.ts).
import type { Knex } from 'knex';

const onPostgres = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  if (onPostgres(knex)) await knex.raw('ALTER TABLE rate_limits SET UNLOGGED');
}

export async function down(knex: Knex): Promise<void> {
  if (onPostgres(knex)) await knex.raw('ALTER TABLE rate_limits SET LOGGED');
}
