// GET /catalog/services — the public catalog, so app developers find the UUID (and scope) of each service.
import type Router from '@koa/router';
import { createRouter } from '../routing/create_router.ts';
import type { CatalogRepository } from '../domain/repositories.ts';
import { isOffered, SERVICE_SCOPE_PREFIX } from '../domain/services.ts';
import { serviceJson } from './service_json.ts';

export function catalogRouter(catalog: CatalogRepository): Router {
  const router = createRouter({ prefix: '/catalog' });
  router.get('/services', async (ctx) => {
    const [services, providers] = await Promise.all([catalog.listServices(), catalog.listProviders()]);
    const providerById = new Map(providers.map((provider) => [provider.id, provider]));
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = {
      services: services
        .filter(isOffered)
        .map((service) => ({
          ...serviceJson(service),
          scope: `${SERVICE_SCOPE_PREFIX}${service.uuid}`,
          service_provider: { id: service.providerId, name: providerById.get(service.providerId)?.name, oin: providerById.get(service.providerId)?.oin },
        })),
    };
  });
  return router;
}
