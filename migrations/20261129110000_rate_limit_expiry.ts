// The periodic sweep removes rate-limit counters whose window has passed (rate_limit_store.ts): by index.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rate_limits', (t) => {
    t.index(['expire'], 'rate_limits_expire');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rate_limits', (t) => {
    t.dropIndex(['expire'], 'rate_limits_expire');
  });
}
