// oidc-provider's models in one table, the signing keys, clients and test users.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('oidc_models', (t) => {
    t.string('model', 32).notNullable();
    t.string('id', 255).notNullable();
    t.text('payload').notNullable();
    t.string('grant_id', 255);
    t.string('uid', 255);
    t.string('user_code', 255);
    t.bigInteger('expires_at'); // epoch seconds
    t.bigInteger('consumed_at'); // epoch seconds
    t.primary(['model', 'id']);
    t.index(['grant_id'], 'oidc_models_grant_id');
    t.index(['uid'], 'oidc_models_uid');
    t.index(['user_code'], 'oidc_models_user_code');
    t.index(['expires_at'], 'oidc_models_expires_at');
  });

  await knex.schema.createTable('signing_keys', (t) => {
    t.string('kid', 64).primary();
    t.string('alg', 16).notNullable();
    t.text('private_jwk').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('retired_at');
    t.index(['created_at'], 'signing_keys_created_at');
  });

  await knex.schema.createTable('service_providers', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('oin', 20).notNullable().unique();
    t.boolean('may_receive_bsn').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('clients', (t) => {
    t.string('client_id', 255).primary();
    t.text('metadata').notNullable(); // oidc-provider client metadata as JSON
    t.boolean('first_party').notNullable().defaultTo(false);
    t.boolean('development').notNullable().defaultTo(false); // seeded for development; refused in production
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('client_service_providers', (t) => {
    t.string('client_id', 255).notNullable().references('client_id').inTable('clients').onDelete('CASCADE');
    t.string('service_provider_id', 64).notNullable().references('id').inTable('service_providers');
    t.primary(['client_id', 'service_provider_id']);
  });

  await knex.schema.createTable('parties', (t) => {
    t.string('id', 64).primary();
    t.string('kind', 16).notNullable(); // person | organisation
    t.string('bsn', 9).unique();
    t.string('kvk', 8).unique();
    t.string('rsin', 9);
    t.string('name', 200).notNullable();
    t.string('birth_date', 10);
  });

  await knex.schema.createTable('test_users', (t) => {
    t.string('username', 64).primary();
    t.text('password_hash').notNullable();
    t.string('party_id', 64).notNullable().references('id').inTable('parties');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['test_users', 'parties', 'client_service_providers', 'clients', 'service_providers', 'signing_keys', 'oidc_models']) {
    await knex.schema.dropTableIfExists(table);
  }
}
