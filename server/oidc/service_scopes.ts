// Service scopes (`urn:uuid:<service uuid>`, the NL GOV way of naming a service) must be known to oidc-provider,
// or it drops them silently before any of our code runs. The catalog changes at run time (admin API, other
// processes), so the provider's live scope set is kept in step with it: filled at start, and taught any service
// scope a request names that it has not seen yet. Scopes naming no catalog service are remembered per request,
// so the request is refused with invalid_scope instead of quietly becoming a plain login.
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
// Private API of oidc-provider (pinned ~9.13): the live configuration, whose `scopes` Set every request consults.
import internals from 'oidc-provider/lib/helpers/weak_cache.js';
import type { CatalogRepository } from '../domain/repositories.ts';
import { SERVICE_SCOPE_PREFIX } from '../domain/services.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ServiceScopes {
  /** Binds to the provider's live scope set and fills it from the catalog. */
  attach(provider: Provider): Promise<void>;
  /** Adds a scope for a service just created (admin API). */
  add(serviceUuid: string): void;
  /** Reads the raw scope parameter (before oidc-provider filters it): learns catalog services, remembers the rest. */
  learnFrom(ctx: KoaContextWithOIDC): Promise<void>;
  /** The service scopes of this request that name no service in the catalog. */
  unknownIn(ctx: KoaContextWithOIDC): string[];
}

export function createServiceScopes(catalog: CatalogRepository): ServiceScopes {
  let live: Set<string> | undefined;
  const unknown = new WeakMap<object, string[]>();
  const scopeOf = (uuid: string) => `${SERVICE_SCOPE_PREFIX}${uuid}`;

  return {
    async attach(provider) {
      live = internals(provider).configuration.scopes;
      for (const service of await catalog.listServices()) live.add(scopeOf(service.uuid));
    },
    add(serviceUuid) {
      live?.add(scopeOf(serviceUuid));
    },
    async learnFrom(ctx) {
      const raw = ctx.oidc.params?.scope;
      if (typeof raw !== 'string' || !live) return;
      const missing: string[] = [];
      for (const scope of new Set(raw.split(' '))) {
        if (!scope.startsWith(SERVICE_SCOPE_PREFIX) || live.has(scope)) continue;
        const uuid = scope.slice(SERVICE_SCOPE_PREFIX.length);
        const service = UUID.test(uuid) ? await catalog.findService(uuid) : undefined;
        if (service) live.add(scope);
        else missing.push(scope);
      }
      if (missing.length) unknown.set(ctx, missing);
    },
    unknownIn(ctx) {
      return unknown.get(ctx) ?? [];
    },
  };
}
