// Organisation upstreams (eHerkenning): an employee who logs in there is a party of kind `employee`, without a BSN,
// known by the upstream that identified them and that upstream's pseudonymous subject (unique together). The
// organisation they act for is an ordinary `organisation` party, matched by KvK number.
import type { Knex } from 'knex';

const UNIQUE = 'parties_upstream_subject_unique';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('parties', (t) => {
    t.string('upstream_id', 32);
    t.string('upstream_subject', 255);
    t.unique(['upstream_id', 'upstream_subject'], { indexName: UNIQUE });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('parties').where({ kind: 'employee' }).delete();
  await knex.schema.alterTable('parties', (t) => {
    t.dropUnique(['upstream_id', 'upstream_subject'], UNIQUE);
  });
  await knex.schema.alterTable('parties', (t) => {
    t.dropColumn('upstream_subject');
    t.dropColumn('upstream_id');
  });
}
