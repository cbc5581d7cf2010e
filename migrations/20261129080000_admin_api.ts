// Admin API: withdrawable service providers, service sets (named groups of services a voluntary mandate can list), who registered a voluntary
// mandate at a desk, and the audit log's lookup by client.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('service_sets', (t) => {
    t.string('uuid', 36).primary();
    t.string('urn_id', 200).notNullable().unique();
    t.string('name_nl', 200).notNullable();
    t.string('name_en', 200).notNullable();
    t.string('withdrawn_at', 32);
  });
  await knex.schema.createTable('service_set_members', (t) => {
    t.string('set_uuid', 36).notNullable().references('uuid').inTable('service_sets').onDelete('CASCADE');
    t.string('service_uuid', 36).notNullable().references('uuid').inTable('services');
    t.primary(['set_uuid', 'service_uuid']);
    t.index(['service_uuid'], 'service_set_members_service');
  });
  await knex.schema.alterTable('service_providers', (t) => {
    t.string('withdrawn_at', 32); // withdrawn with all its services; stays for history
  });
  await knex.schema.alterTable('voluntary_mandates', (t) => {
    t.string('registered_by', 200); // desk staff who registered it on the principal's behalf; null when the principal did
  });
  await knex.schema.alterTable('audit_log', (t) => {
    t.index(['client_id', 'at'], 'audit_log_client');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['client_id', 'at'], 'audit_log_client');
  });
  await knex.schema.alterTable('voluntary_mandates', (t) => {
    t.dropColumn('registered_by');
  });
  await knex.schema.alterTable('service_providers', (t) => {
    t.dropColumn('withdrawn_at');
  });
  await knex.schema.dropTableIfExists('service_set_members');
  await knex.schema.dropTableIfExists('service_sets');
}
