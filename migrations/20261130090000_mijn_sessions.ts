// /mijn sessions on the server: the cookie carries only a random id, this table the rest, so a logout ends the session
// for every copy of the cookie and every process. Looked up by the id's sha256 (the primary key; the table never holds
// a usable id); the periodic sweep removes expired rows by expires_at. Times are epoch milliseconds.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mijn_sessions', (t) => {
    t.string('id_hash', 64).primary();
    t.string('party_id', 64).notNullable().references('id').inTable('parties').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.index(['expires_at'], 'mijn_sessions_expires_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mijn_sessions');
}
