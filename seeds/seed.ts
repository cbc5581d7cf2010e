// Writes the development data into an empty database, in one transaction.
import type { Database } from '../server/persistence/database.ts';
import { epochSeconds } from '../server/persistence/database.ts';
import { serviceRow } from '../server/persistence/catalog_repository.ts';
import { assertBsn, assertKvk, assertOin, assertRsin } from '../server/domain/identifiers.ts';
import { hashPassword } from '../server/domain/passwords.ts';
import { hashClientSecret } from '../server/domain/clients.ts';
import { dutchDate, type IsoDate } from '../server/domain/dates.ts';
import { ADMIN_CLIENTS, BACKOFFICE_CLIENTS, birthDateFor, CLIENTS, DEMO_REDIRECT_URI, mandates, ORGANISATIONS, PERSONS, PROVIDERS, SERVICES } from './personas.ts';

export const personId = (username: string) => `person-${username}`;
const partyId = (key: string) => (key.startsWith('org-') ? key : personId(key));

export function clientMetadata(client: (typeof CLIENTS)[number]): Record<string, unknown> {
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.secret === null
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: hashClientSecret(client.secret), token_endpoint_auth_method: 'client_secret_basic' }),
    redirect_uris: [DEMO_REDIRECT_URI],
    post_logout_redirect_uris: ['http://localhost:8080/'],
    // Where a person who is stuck halfway a login (an expired step, a back button) can go back to the app.
    client_uri: 'http://localhost:8080/',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    ...client.extra,
  };
}

export async function seedDatabase(db: Database, { testUserPassword, today = dutchDate(new Date()) }: { testUserPassword: string; today?: IsoDate }) {
  const passwordHashes = await Promise.all(PERSONS.map(() => hashPassword(testUserPassword)));
  const data = mandates(today);
  const now = epochSeconds();

  await db.transaction(async (trx) => {
    await trx('service_providers').insert(
      PROVIDERS.map((p) => ({ id: p.id, name: p.name, oin: assertOin(p.oin), may_receive_bsn: p.mayReceiveBsn })),
    );
    await trx('services').insert(SERVICES.map(serviceRow));
    await trx('parties').insert([
      ...PERSONS.map((p) => ({ id: personId(p.username), kind: 'person', bsn: assertBsn(p.bsn), name: p.name, birth_date: birthDateFor(p.age, today) })),
      ...ORGANISATIONS.map((o) => ({ id: o.id, kind: 'organisation', kvk: assertKvk(o.kvk), rsin: assertRsin(o.rsin), name: o.name })),
    ]);
    await trx('test_users').insert(
      PERSONS.map((p, i) => ({ username: p.username, password_hash: passwordHashes[i], party_id: personId(p.username) })),
    );
    for (const client of CLIENTS) {
      await trx('clients').insert({ client_id: client.clientId, metadata: JSON.stringify(clientMetadata(client)), first_party: false, development: true, created_at: now });
      await trx('client_service_providers').insert({ client_id: client.clientId, service_provider_id: client.providerId });
    }
    for (const admin of ADMIN_CLIENTS) {
      const metadata = { client_id: admin.clientId, client_name: admin.name, client_secret: hashClientSecret(admin.secret), token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'namens:admin' };
      await trx('clients').insert({ client_id: admin.clientId, metadata: JSON.stringify(metadata), first_party: false, development: true, created_at: now });
    }
    for (const backOffice of BACKOFFICE_CLIENTS) {
      const metadata = {
        client_id: backOffice.clientId,
        client_name: backOffice.name,
        ...(backOffice.secret === null ? {} : { client_secret: hashClientSecret(backOffice.secret), token_endpoint_auth_method: 'client_secret_basic' }),
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'namens:decisions',
        ...backOffice.extra,
      };
      await trx('clients').insert({ client_id: backOffice.clientId, metadata: JSON.stringify(metadata), first_party: false, development: true, created_at: now });
      await trx('client_service_providers').insert({ client_id: backOffice.clientId, service_provider_id: backOffice.providerId });
    }
    await trx('legal_mandates').insert(
      data.legal.map((m) => ({
        id: m.id,
        representative_id: partyId(m.representative),
        represented_id: partyId(m.represented),
        type: m.type,
        professional: m.professional,
        valid_from: m.validFrom,
        valid_until: m.validUntil,
        source_record_id: `seed:${m.id}`,
        created_at: now,
      })),
    );
    for (const m of data.company) {
      await trx('company_mandates').insert({
        id: m.id,
        person_id: partyId(m.person),
        organisation_id: partyId(m.organisation),
        all_services: m.services === null,
        valid_from: m.validFrom,
        valid_until: m.validUntil,
        source_record_id: `seed:${m.id}`,
        created_at: now,
      });
      if (m.services) await trx('company_mandate_services').insert(m.services.map((uuid) => ({ mandate_id: m.id, service_uuid: uuid })));
    }
    for (const m of data.voluntary) {
      await trx('voluntary_mandates').insert({
        id: m.id,
        principal_id: partyId(m.principal),
        agent_id: partyId(m.agent),
        valid_from: m.validFrom,
        valid_until: m.validUntil,
        status: m.status,
        source_record_id: `seed:${m.id}`,
        created_at: now,
        ended_at: m.status === 'revoked' ? now : null,
      });
      await trx('voluntary_mandate_services').insert(m.services.map((uuid) => ({ mandate_id: m.id, service_uuid: uuid })));
    }
  });
}
