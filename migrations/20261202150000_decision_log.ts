// The decision log (Logius decision-log standard): each decision is an audit_log row (hash-chained like every other),
// its event `decision.*` or, for a login, `mandate.used`. One API call may concern several represented parties (a batch,
// a search): this table lists them per row, so "who checked my mandates" (/mijn) and the admin API's filters find them
// by index. It is derived from the row's hashed detail and holds nothing the chain does not. No index is added to
// audit_log itself: the token endpoint writes it on every login.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('decision_log_parties', (t) => {
    t.string('party_id', 64).notNullable();
    t.bigInteger('audit_seq').notNullable();
    t.primary(['party_id', 'audit_seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('decision_log_parties');
}
