// The service catalog and the three registers of mandates, indexed for the mandate index's lookups.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('services', (t) => {
    t.string('uuid', 36).primary();
    t.string('urn_id', 200).notNullable().unique();
    t.string('provider_id', 64).notNullable().references('id').inTable('service_providers');
    t.string('name_nl', 200).notNullable();
    t.string('name_en', 200).notNullable();
    t.text('description_nl').notNullable();
    t.text('description_en').notNullable();
    t.text('domains').notNullable(); // JSON array
    t.string('loa', 64).notNullable();
    t.text('bases').notNullable(); // JSON array
    t.text('legal_types'); // JSON array or null
    t.boolean('self_allowed').notNullable();
    t.integer('max_minor_age');
    t.string('upl', 200);
    t.string('eherkenning_service_uuid', 36);
    t.string('withdrawn_at', 32);
    t.index(['provider_id'], 'services_provider_id');
  });

  await knex.schema.createTable('voluntary_mandates', (t) => {
    t.string('id', 36).primary();
    t.string('principal_id', 64).notNullable().references('id').inTable('parties');
    t.string('agent_id', 64).notNullable().references('id').inTable('parties');
    t.string('valid_from', 10).notNullable();
    t.string('valid_until', 10).notNullable();
    t.string('status', 16).notNullable(); // pending | active | revoked
    t.string('source_record_id', 200).unique();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('ended_at');
    t.index(['agent_id', 'valid_from'], 'voluntary_mandates_agent');
    t.index(['principal_id'], 'voluntary_mandates_principal');
  });
  await knex.schema.createTable('voluntary_mandate_services', (t) => {
    t.string('mandate_id', 36).notNullable().references('id').inTable('voluntary_mandates');
    t.string('service_uuid', 36).notNullable().references('uuid').inTable('services');
    t.primary(['mandate_id', 'service_uuid']);
  });

  await knex.schema.createTable('legal_mandates', (t) => {
    t.string('id', 36).primary();
    t.string('representative_id', 64).notNullable().references('id').inTable('parties');
    t.string('represented_id', 64).notNullable().references('id').inTable('parties');
    t.string('type', 32).notNullable();
    t.boolean('professional').notNullable();
    t.string('valid_from', 10).notNullable();
    t.string('valid_until', 10);
    t.string('source_record_id', 200).unique();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('ended_at');
    t.index(['representative_id', 'valid_from'], 'legal_mandates_representative');
    t.index(['represented_id'], 'legal_mandates_represented');
  });

  await knex.schema.createTable('company_mandates', (t) => {
    t.string('id', 36).primary();
    t.string('person_id', 64).notNullable().references('id').inTable('parties');
    t.string('organisation_id', 64).notNullable().references('id').inTable('parties');
    t.boolean('all_services').notNullable();
    t.string('valid_from', 10).notNullable();
    t.string('valid_until', 10);
    t.string('source_record_id', 200).unique();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('ended_at');
    t.index(['person_id', 'valid_from'], 'company_mandates_person');
    t.index(['organisation_id'], 'company_mandates_organisation');
  });
  await knex.schema.createTable('company_mandate_services', (t) => {
    t.string('mandate_id', 36).notNullable().references('id').inTable('company_mandates');
    t.string('service_uuid', 36).notNullable().references('uuid').inTable('services');
    t.primary(['mandate_id', 'service_uuid']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('seq').primary();
    t.string('event', 64).notNullable();
    t.bigInteger('at').notNullable(); // epoch milliseconds
    t.string('agent_id', 64);
    t.string('principal_id', 64);
    t.string('service_uuid', 36);
    t.string('client_id', 255);
    t.string('mandate_id', 200);
    t.text('detail'); // JSON
    t.index(['principal_id', 'at'], 'audit_log_principal');
    t.index(['agent_id', 'at'], 'audit_log_agent');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'company_mandate_services',
    'company_mandates',
    'legal_mandates',
    'voluntary_mandate_services',
    'voluntary_mandates',
    'services',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
