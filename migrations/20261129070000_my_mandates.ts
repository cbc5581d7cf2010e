// My mandates: activation codes of voluntary mandates (hashed, single use, expiring, with a lock after wrong tries).
// The voluntary register's status also takes `requested` (an agent asked to be mandated) and `declined`.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('voluntary_mandate_activations', (t) => {
    t.string('mandate_id', 36).primary().references('id').inTable('voluntary_mandates');
    t.string('code_hash', 64).notNullable(); // sha256 hex of the normalised code
    t.bigInteger('expires_at').notNullable(); // epoch milliseconds
    t.bigInteger('used_at'); // epoch milliseconds
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.bigInteger('locked_until'); // epoch milliseconds
    t.bigInteger('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('voluntary_mandate_activations');
}
