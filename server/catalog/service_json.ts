// A catalog service as the public catalog and the admin API show it (protocol fields snake_case).
import type { Service } from '../domain/services.ts';

export function serviceJson(service: Service) {
  return {
    uuid: service.uuid,
    id: service.id,
    name: service.name,
    description: service.description,
    domains: service.domains,
    loa: service.loa,
    bases: service.bases,
    legal_types: service.legalTypes,
    self_allowed: service.selfAllowed,
    max_minor_age: service.maxMinorAge,
    upl: service.upl,
    eherkenning_service_uuid: service.eherkenningServiceUuid,
  };
}
