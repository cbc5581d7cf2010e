// Registered clients (the apps), with the service providers they belong to.
import type { ServiceProvider } from '../domain/services.ts';
import { epochSeconds, type Database } from './database.ts';
import { sharedReadCache } from './read_cache.ts';

export interface ClientRecord {
  clientId: string;
  /** oidc-provider client metadata (client_id, client_secret, redirect_uris, ...). */
  metadata: Record<string, unknown>;
  firstParty: boolean;
  development: boolean;
  serviceProviderIds: string[];
  /** Its service providers as they are now, with whether each may receive BSNs (domain/bsn_policy.ts decides). */
  linkedProviders: Array<Pick<ServiceProvider, 'id' | 'mayReceiveBsn'>>;
}

export interface ClientRepository {
  find(clientId: string): Promise<ClientRecord | undefined>;
  list(): Promise<ClientRecord[]>;
  save(client: Omit<ClientRecord, 'linkedProviders'>): Promise<void>;
  countDevelopment(): Promise<number>;
  /** Removes the client and its service provider links; false when there was none. */
  remove(clientId: string): Promise<boolean>;
}

interface Row {
  client_id: string;
  metadata: string;
  first_party: number | boolean;
  development: number | boolean;
  service_provider_id: string | null;
  may_receive_bsn: number | boolean | null;
}

export function createClientRepository(db: Database): ClientRepository {
  // One row per client and linked provider (one with nulls for a client without providers).
  const query = () =>
    db('clients as c')
      .leftJoin('client_service_providers as csp', 'csp.client_id', 'c.client_id')
      .leftJoin('service_providers as sp', 'sp.id', 'csp.service_provider_id')
      .select('c.client_id', 'c.metadata', 'c.first_party', 'c.development', 'csp.service_provider_id', 'sp.may_receive_bsn')
      .orderBy('c.client_id');
  const toRecords = (rows: Row[]): ClientRecord[] => {
    const records = new Map<string, ClientRecord>();
    for (const row of rows) {
      let record = records.get(row.client_id);
      if (!record) {
        record = {
          clientId: row.client_id,
          metadata: JSON.parse(row.metadata) as Record<string, unknown>,
          firstParty: Boolean(row.first_party),
          development: Boolean(row.development),
          serviceProviderIds: [],
          linkedProviders: [],
        };
        records.set(row.client_id, record);
      }
      if (row.service_provider_id === null) continue;
      record.serviceProviderIds.push(row.service_provider_id);
      record.linkedProviders.push({ id: row.service_provider_id, mayReceiveBsn: Boolean(row.may_receive_bsn) });
    }
    for (const record of records.values()) {
      record.serviceProviderIds.sort();
      record.linkedProviders.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    return [...records.values()];
  };

  const cache = sharedReadCache<ClientRecord | undefined>(db, 'clients', 1000);
  return {
    find(clientId) {
      return cache.get(clientId, async () => toRecords((await query().where('c.client_id', clientId)) as Row[])[0]);
    },
    async list() {
      return toRecords((await query()) as Row[]);
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
