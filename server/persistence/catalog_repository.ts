// The service catalog and its service providers.
import type { CatalogRepository } from '../domain/repositories.ts';
import type { Basis, LegalType, LevelOfAssurance, Service, ServiceProvider } from '../domain/services.ts';
import type { Database } from './database.ts';
import { sharedReadCache } from './read_cache.ts';

interface ServiceRow {
  uuid: string;
  urn_id: string;
  provider_id: string;
  name_nl: string;
  name_en: string;
  description_nl: string;
  description_en: string;
  domains: string;
  loa: string;
  bases: string;
  legal_types: string | null;
  self_allowed: number | boolean;
  max_minor_age: number | null;
  upl: string | null;
  eherkenning_service_uuid: string | null;
  withdrawn_at: string | null;
}

export function toService(row: ServiceRow): Service {
  return {
    uuid: row.uuid,
    id: row.urn_id,
    providerId: row.provider_id,
    name: { nl: row.name_nl, en: row.name_en },
    description: { nl: row.description_nl, en: row.description_en },
    domains: JSON.parse(row.domains) as string[],
    loa: row.loa as LevelOfAssurance,
    bases: JSON.parse(row.bases) as Basis[],
    legalTypes: row.legal_types === null ? null : (JSON.parse(row.legal_types) as LegalType[]),
    selfAllowed: Boolean(row.self_allowed),
    maxMinorAge: row.max_minor_age,
    upl: row.upl,
    eherkenningServiceUuid: row.eherkenning_service_uuid,
    withdrawnAt: row.withdrawn_at,
  };
}

export function serviceRow(service: Service): ServiceRow {
  return {
    uuid: service.uuid,
    urn_id: service.id,
    provider_id: service.providerId,
    name_nl: service.name.nl,
    name_en: service.name.en,
    description_nl: service.description.nl,
    description_en: service.description.en,
    domains: JSON.stringify(service.domains),
    loa: service.loa,
    bases: JSON.stringify(service.bases),
    legal_types: service.legalTypes === null ? null : JSON.stringify(service.legalTypes),
    self_allowed: service.selfAllowed,
    max_minor_age: service.maxMinorAge,
    upl: service.upl,
    eherkenning_service_uuid: service.eherkenningServiceUuid,
    withdrawn_at: service.withdrawnAt,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createCatalogRepository(db: Database): CatalogRepository {
  const toProvider = (row: { id: string; name: string; oin: string; may_receive_bsn: number | boolean }): ServiceProvider => ({
    id: row.id,
    name: row.name,
    oin: row.oin,
    mayReceiveBsn: Boolean(row.may_receive_bsn),
  });
  const services = sharedReadCache<Service | undefined>(db, 'services', 10_000);
  return {
    findService(uuidOrUrn) {
      return services.get(uuidOrUrn, async () => {
        const where = UUID.test(uuidOrUrn) ? { uuid: uuidOrUrn.toLowerCase() } : { urn_id: uuidOrUrn };
        const row = (await db('services').where(where).first()) as ServiceRow | undefined;
        return row && toService(row);
      });
    },
    async listServices() {
      return ((await db('services').orderBy('urn_id')) as ServiceRow[]).map(toService);
    },
    async findProvider(id) {
      const row = await db('service_providers').where({ id }).first();
      return row && toProvider(row);
    },
    async listProviders() {
      return (await db('service_providers').orderBy('name')).map(toProvider);
    },
  };
}
