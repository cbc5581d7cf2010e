// The catalog as operators change it: service providers, services and service sets, each withdrawn rather than
// deleted so that old tokens and audit rows keep resolving.
import type { Database } from './database.ts';
import { sharedReadCache } from './read_cache.ts';
import { toService } from './catalog_repository.ts';
import { serviceJson } from '../catalog/service_json.ts';

export interface ProviderView {
  id: string;
  name: string;
  oin: string;
  may_receive_bsn: boolean;
  withdrawn_at: string | null;
}

export interface SetView {
  uuid: string;
  id: string;
  name: { nl: string; en: string };
  services: string[];
  withdrawn_at: string | null;
}

const isUniqueViolation = (error: unknown) => /unique|duplicate key/i.test(String((error as Error)?.message));

/** Raised when a write hits a unique key: the admin API answers 409. */
export class UniqueViolation extends Error {}

async function guardUnique<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UniqueViolation(message);
    throw error;
  }
}

export function createCatalogAdmin(db: Database) {
  // What the request path caches must not outlive a change made here (a provider's BSN flag shows in its clients).
  const forgetCached = <T>(result: T): T => {
    sharedReadCache(db, 'services', 10_000).clear();
    sharedReadCache(db, 'clients', 1000).clear();
    return result;
  };
  const providerView = (row: Record<string, unknown>): ProviderView => ({
    id: row.id as string,
    name: row.name as string,
    oin: row.oin as string,
    may_receive_bsn: Boolean(row.may_receive_bsn),
    withdrawn_at: (row.withdrawn_at as string | null) ?? null,
  });
  const serviceView = (row: Record<string, unknown>) => {
    const service = toService(row as unknown as Parameters<typeof toService>[0]);
    return { ...serviceJson(service), service_provider_id: service.providerId, withdrawn_at: service.withdrawnAt };
  };
  async function setViews(rows: Array<Record<string, unknown>>): Promise<SetView[]> {
    const members = rows.length ? await db('service_set_members').whereIn('set_uuid', rows.map((row) => row.uuid as string)).orderBy('service_uuid') : [];
    return rows.map((row) => ({
      uuid: row.uuid as string,
      id: row.urn_id as string,
      name: { nl: row.name_nl as string, en: row.name_en as string },
      services: members.filter((m) => m.set_uuid === row.uuid).map((m) => m.service_uuid as string),
      withdrawn_at: (row.withdrawn_at as string | null) ?? null,
    }));
  }

  return {
    // ---- service providers
    async listProviders() {
      return (await db('service_providers').orderBy('id')).map(providerView);
    },
    async findProvider(id: string) {
      const row = await db('service_providers').where({ id }).first();
      return row && providerView(row);
    },
    async createProvider(provider: { id: string; name: string; oin: string; may_receive_bsn?: boolean }) {
      forgetCached(await guardUnique(
        () => db('service_providers').insert({ id: provider.id, name: provider.name, oin: provider.oin, may_receive_bsn: provider.may_receive_bsn ?? false }),
        `a service provider with id ${provider.id} or OIN ${provider.oin} exists already`,
      ));
    },
    async updateProvider(id: string, changes: Partial<Omit<ProviderView, 'id' | 'withdrawn_at'>>) {
      return forgetCached(await guardUnique(() => db('service_providers').where({ id }).update(changes), `another service provider has OIN ${changes.oin}`));
    },
    /** Withdraws the provider and every service of it, in one transaction. */
    async withdrawProvider(id: string, at: Date) {
      return forgetCached(await db.transaction(async (trx) => {
        const changed = await trx('service_providers').where({ id }).whereNull('withdrawn_at').update({ withdrawn_at: at.toISOString() });
        await trx('services').where({ provider_id: id }).whereNull('withdrawn_at').update({ withdrawn_at: at.toISOString() });
        return changed;
      }));
    },

    // ---- services
    async listServices(providerId?: string) {
      const query = db('services').orderBy('urn_id');
      if (providerId) query.where({ provider_id: providerId });
      return (await query).map(serviceView);
    },
    async findService(uuid: string) {
      const row = await db('services').where({ uuid: uuid.toLowerCase() }).first();
      return row && serviceView(row);
    },
    async insertService(row: Record<string, unknown>) {
      forgetCached(await guardUnique(() => db('services').insert(row), `a service with uuid ${row.uuid} or id ${row.urn_id} exists already`));
    },
    async updateService(uuid: string, changes: Record<string, unknown>) {
      return forgetCached(await guardUnique(() => db('services').where({ uuid }).update(changes), `another service has id ${changes.urn_id}`));
    },
    async withdrawService(uuid: string, at: Date) {
      return forgetCached(await db('services').where({ uuid }).whereNull('withdrawn_at').update({ withdrawn_at: at.toISOString() }));
    },

    // ---- service sets
    async listSets() {
      return setViews(await db('service_sets').orderBy('urn_id'));
    },
    async findSet(uuid: string) {
      return (await setViews(await db('service_sets').where({ uuid: uuid.toLowerCase() })))[0];
    },
    /** Creates or replaces a set (its members replaced) in one transaction. */
    async saveSet(set: { uuid: string; id?: string; name?: { nl: string; en: string }; services?: string[] }, create: boolean) {
      await guardUnique(
        () =>
          db.transaction(async (trx) => {
            const columns = { ...(set.id ? { urn_id: set.id } : {}), ...(set.name ? { name_nl: set.name.nl, name_en: set.name.en } : {}) };
            if (create) await trx('service_sets').insert({ uuid: set.uuid, ...columns });
            else if (Object.keys(columns).length) await trx('service_sets').where({ uuid: set.uuid }).update(columns);
            if (set.services) {
              await trx('service_set_members').where({ set_uuid: set.uuid }).delete();
              await trx('service_set_members').insert(set.services.map((service) => ({ set_uuid: set.uuid, service_uuid: service })));
            }
          }),
        `a service set with uuid ${set.uuid} or id ${set.id} exists already`,
      );
    },
    async withdrawSet(uuid: string, at: Date) {
      return db('service_sets').where({ uuid }).whereNull('withdrawn_at').update({ withdrawn_at: at.toISOString() });
    },
  };
}

export type CatalogAdmin = ReturnType<typeof createCatalogAdmin>;
