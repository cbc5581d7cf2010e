// Notifications (issue 19): a person's e-mail address (person_contacts, given on /mijn), the outbox (notifications: one
// row per recipient and event, its dedupe_key UNIQUE so that no event reaches a recipient twice, delivered by the worker
// of server/notifications/), the worker's cursors (notification_cursors: how far the audit log and the expiry days have
// been read), and first_used_at on the three registers' tables, so that "used for the first time" is told once.
// first_used_at is filled here from the uses the audit log already holds; the audit cursor starts at the log's newest
// row, so the changes made before this migration are not told again.
import type { Knex } from 'knex';

const REGISTERS = ['voluntary_mandates', 'legal_mandates', 'company_mandates'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('person_contacts', (t) => {
    t.string('party_id', 64).primary().references('id').inTable('parties').onDelete('CASCADE');
    t.string('email', 254).notNullable();
    t.string('locale', 8).notNullable();
    t.bigInteger('updated_at').notNullable(); // epoch milliseconds
  });
  await knex.schema.createTable('notifications', (t) => {
    t.string('id', 36).primary();
    t.string('event', 32).notNullable(); // requested | granted | activated | expiring | expired | revoked | first_used
    t.string('register', 16).notNullable(); // voluntary | legal | company
    t.string('mandate_id', 36).notNullable();
    t.string('recipient_id', 64).notNullable();
    // recipient, event, mandate and (for the expiry events) the last day: one row, so one message, per recipient and event.
    t.string('dedupe_key', 255).notNullable().unique();
    t.text('detail').notNullable(); // JSON: the parties and days the message names
    t.string('status', 16).notNullable(); // pending | sending | sent | failed | dropped
    t.integer('attempts').notNullable().defaultTo(0);
    // When a pending row is due, and while sending, when its lease ends (then another worker may take it over).
    t.bigInteger('next_attempt_at').notNullable(); // epoch milliseconds
    t.string('claim_token', 36);
    t.bigInteger('sent_at');
    t.text('last_error');
    t.bigInteger('created_at').notNullable();
    t.index(['status', 'next_attempt_at'], 'notifications_due');
    t.index(['mandate_id'], 'notifications_mandate');
  });
  await knex.schema.createTable('notification_cursors', (t) => {
    t.string('name', 32).primary();
    t.string('value', 32).notNullable();
  });
  for (const table of REGISTERS) {
    await knex.schema.alterTable(table, (t) => {
      t.bigInteger('first_used_at'); // epoch milliseconds of the first recorded use
      t.index(['valid_until'], `${table}_valid_until`);
    });
  }

  // The uses recorded so far: a chain's option id names its links joined by a dot.
  const firstUse = new Map<string, number>();
  const uses = (await knex('audit_log').where('event', 'mandate.used').groupBy('mandate_id').select('mandate_id').min({ at: 'at' })) as Array<{ mandate_id: string | null; at: number | string }>;
  for (const use of uses) {
    for (const id of (use.mandate_id ?? '').split('.').filter(Boolean)) {
      const at = Number(use.at);
      if (!firstUse.has(id) || firstUse.get(id)! > at) firstUse.set(id, at);
    }
  }
  for (const [id, at] of firstUse) {
    for (const table of REGISTERS) await knex(table).where({ id }).update({ first_used_at: at });
  }
  const head = (await knex('audit_log').max({ seq: 'seq' }).first()) as { seq: number | string | null } | undefined;
  await knex('notification_cursors').insert({ name: 'audit_seq', value: String(head?.seq ?? 0) });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of REGISTERS) {
    // Plain SQL on both databases: knex would rebuild the SQLite table, which its foreign keys refuse.
    await knex.raw(`DROP INDEX ${table}_valid_until`);
    await knex.raw(`ALTER TABLE ${table} DROP COLUMN first_used_at`);
  }
  await knex.schema.dropTable('notification_cursors');
  await knex.schema.dropTable('notifications');
  await knex.schema.dropTable('person_contacts');
}
