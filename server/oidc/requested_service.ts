// Which service an authorization request names: `scope=openid urn:uuid:<uuid>` (NL GOV) or
// `authorization_details=[{"type":"namens:mandate","service":"<uuid or urn>"}]` (RFC 9396). One at most.
import { errors } from 'oidc-provider';
import type { CatalogRepository } from '../domain/repositories.ts';
import { isOffered, SERVICE_SCOPE_PREFIX, type Service } from '../domain/services.ts';

export const MANDATE_DETAIL_TYPE = 'namens:mandate';

type Params = Record<string, unknown>;
type Reference = { value: string; via: 'scope' | 'authorization_details' };

function references(params: Params): Reference[] {
  const found: Reference[] = [];
  if (typeof params.scope === 'string') {
    for (const scope of params.scope.split(' ')) {
      if (scope.startsWith(SERVICE_SCOPE_PREFIX)) found.push({ value: scope.slice(SERVICE_SCOPE_PREFIX.length), via: 'scope' });
    }
  }
  if (typeof params.authorization_details === 'string') {
    // Parsed and shape-checked already by oidc-provider and the detail type's validate().
    const details = JSON.parse(params.authorization_details) as Array<{ type: string; service?: unknown }>;
    for (const detail of details) {
      if (detail.type === MANDATE_DETAIL_TYPE) found.push({ value: String(detail.service), via: 'authorization_details' });
    }
  }
  return found;
}

/** Whether the request names a service at all (then the user chooses on whose behalf they act). */
export function namesService(params: Params): boolean {
  return references(params).length > 0;
}

function refused(via: Reference['via'], message: string): Error {
  return via === 'scope' ? new errors.InvalidScope(message, '') : new errors.InvalidAuthorizationDetails(message);
}

export interface RequestedServiceResolver {
  /** The service the request names, checked against the catalog and the client's providers; undefined when none is named. */
  resolve(params: Params, serviceProviderIds: readonly string[]): Promise<Service | undefined>;
}

export function createRequestedServiceResolver(catalog: CatalogRepository): RequestedServiceResolver {
  return {
    async resolve(params, serviceProviderIds) {
      const refs = references(params);
      if (refs.length === 0) return undefined;
      const services = await Promise.all(refs.map((ref) => catalog.findService(ref.value)));
      services.forEach((service, i) => {
        const ref = refs[i]!;
        if (!service) throw refused(ref.via, `unknown service ${JSON.stringify(ref.value)}; see /catalog/services`);
        if (!isOffered(service)) throw refused(ref.via, `service ${service.id} has been withdrawn`);
        if (!serviceProviderIds.includes(service.providerId)) {
          throw refused(ref.via, `service ${service.id} belongs to another service provider than this client's`);
        }
      });
      if (new Set(services.map((service) => service!.uuid)).size > 1) {
        throw new errors.InvalidRequest('name one service per request (in scope or authorization_details), not several');
      }
      return services[0];
    },
  };
}
