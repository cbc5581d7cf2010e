// Registered clients (the apps), with the service providers they belong to.
import { epochSeconds, type Database } from './database.ts';
import { sharedReadCache } from './read_cache.ts';

export interface ClientRecord {
  clientId: string;
  /** oidc-provider client metadata (client_id, client_secret, redirect_uris, ...). */
  metadata: Record<string, unknown>;
  firstParty: boolean;
  development: boolean;
  serviceProviderIds: string[];
  /** Whether one of its service providers may receive BSNs (else the client gets pairwise pseudonyms). */
  mayReceiveBsn: boolean;
}

export interface ClientRepository {
  find(clientId: string): Promise<ClientRecord | undefined>;
  list(): Promise<ClientRecord[]>;
  save(client: Omit<ClientRecord, 'mayReceiveBsn'>): Promise<void>;
  countDevelopment(): Promise<number>;
  /** Removes the client and its service provider links; false when there was none. */
  remove(clientId: string): Promise<boolean>;
}

interface Row {
  client_id: string;
  metadata: string;
  first_party: number | boolean;
  development: number | boolean;
  service_provider_ids: string | null;
  may_receive_bsn: number | string | null;
}

export function createClientRepository(db: Database): ClientRepository {
  const query = () =>
    db('clients as c')
      .leftJoin('client_service_providers as csp', 'csp.client_id', 'c.client_id')
      .leftJoin('service_providers as sp', 'sp.id', 'csp.service_provider_id')
      .groupBy('c.client_id', 'c.metadata', 'c.first_party', 'c.development')
      .select('c.client_id', 'c.metadata', 'c.first_party', 'c.development')
      .select(db.raw('max(case when sp.may_receive_bsn then 1 else 0 end) as may_receive_bsn'))
      .select(db.raw(db.client.config.client === 'pg' ? "string_agg(csp.service_provider_id, ',') as service_provider_ids" : "group_concat(csp.service_provider_id, ',') as service_provider_ids"));
  const toRecord = (row: Row): ClientRecord => ({
    clientId: row.client_id,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    firstParty: Boolean(row.first_party),
    development: Boolean(row.development),
    serviceProviderIds: row.service_provider_ids ? row.service_provider_ids.split(',').sort() : [],
    mayReceiveBsn: Number(row.may_receive_bsn) === 1,
  });

  const cache = sharedReadCache<ClientRecord | undefined>(db, 'clients', 1000);
  return {
    find(clientId) {
      return cache.get(clientId, async () => {
        const row = (await query().where('c.client_id', clientId).first()) as Row | undefined;
        return row && toRecord(row);
      });
    },
    async list() {
      return ((await query().orderBy('c.client_id')) as Row[]).map(toRecord);
    },
    async save(client) {
      cache.delete(client.clientId);
      await db.transaction(async (trx) => {
        await trx('clients')
          .insert({
            client_id: client.clientId,
            metadata: JSON.stringify(client.metadata),
            first_party: client.firstParty,
            development: client.development,
            created_at: epochSeconds(),
          })
          .onConflict('client_id')
          .merge(['metadata', 'first_party', 'development']);
        await trx('client_service_providers').where({ client_id: client.clientId }).delete();
        if (client.serviceProviderIds.length) {
          await trx('client_service_providers').insert(
            client.serviceProviderIds.map((id) => ({ client_id: client.clientId, service_provider_id: id })),
          );
        }
      });
      cache.delete(client.clientId);
    },
    async remove(clientId) {
      const removed = await db.transaction(async (trx) => {
        await trx('client_service_providers').where({ client_id: clientId }).delete();
        return (await trx('clients').where({ client_id: clientId }).delete()) > 0;
      });
      cache.delete(clientId);
      return removed;
    },
    async countDevelopment() {
      const row = await db('clients').where({ development: true }).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
