// The admin API (/admin/api), laid out as one table of routes: each route's pipeline is
// authenticate → (validate body) → action. The OpenAPI document is generated from the same table and schemas.
import type Router from '@koa/router';
import { createRouter } from '../routing/create_router.ts';
import type { Context, Middleware, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { Register } from '../domain/register_records.ts';
import type { ProfileMode } from '../domain/clients.ts';
import type { ServiceScopes } from '../oidc/service_scopes.ts';
import { createCatalogAdmin } from '../persistence/catalog_admin.ts';
import type { ClientRepository } from '../persistence/client_repository.ts';
import type { Database } from '../persistence/database.ts';
import { createRegisterStore } from '../persistence/register_store.ts';
import { ADMIN_API_PATH } from '../oidc/admin_resource.ts';
import { checkClientMetadata } from '../oidc/check_client_metadata.ts';
import type { AdminRoute } from './admin_route.ts';
import { authenticateAdmin } from './authenticate_admin.ts';
import { importRecords } from './import_records.ts';
import { listDecisions } from './list_decisions.ts';
import { createDecisionLog } from '../persistence/decision_log.ts';
import { createDecisionRegisters } from '../persistence/mandate_registers.ts';
import * as catalog from './manage_catalog.ts';
import * as clients from './manage_clients.ts';
import { addMandate, endMandate, getMandate, listMandates, REGISTER_PATHS, type RegisterDeps } from './manage_registers.ts';
import { openApiDocument } from './openapi.ts';
import { REGISTER_CREATE_SCHEMAS } from '../validation/schemas.ts';
import { validateBody } from '../http/validate_body.ts';

export interface AdminDeps {
  db: Database;
  provider: Provider;
  clients: ClientRepository;
  serviceScopes: ServiceScopes;
  issuer: string;
  profile: ProfileMode;
  clock: () => Date;
}

const REGISTER_NAMES: Record<Register, string> = { legal: 'legal mandate', company: 'company representation', voluntary: 'voluntary mandate' };

export function adminRoutes(deps: AdminDeps): AdminRoute[] {
  const catalogDeps = { catalog: createCatalogAdmin(deps.db), serviceScopes: deps.serviceScopes, clock: deps.clock };
  const clientDeps = { clients: deps.clients, catalog: catalogDeps.catalog, checkWithProvider: checkClientMetadata(() => deps.provider), profile: deps.profile };
  const registerDeps: RegisterDeps = { db: deps.db, registers: createRegisterStore(deps.db), clock: deps.clock };
  const registerRoutes = (['legal', 'company', 'voluntary'] as const).flatMap((register): AdminRoute[] => {
    const path = `/${REGISTER_PATHS[register]}`;
    const name = REGISTER_NAMES[register];
    return [
      { method: 'get', path, summary: `List ${name}s, by agent or principal (BSN or KvK number), paged by id`, query: { agent: 'BSN or KvK number', principal: 'BSN or KvK number', limit: '1..1000, default 100', after: 'the `next` of the previous page' }, status: 200, action: listMandates(register, registerDeps) },
      { method: 'post', path, summary: `Add a ${name}`, body: REGISTER_CREATE_SCHEMAS[register], status: 201, conflict: true, action: addMandate(register, registerDeps) },
      { method: 'get', path: `${path}/:id`, summary: `Read a ${name}`, status: 200, notFound: true, action: getMandate(register, registerDeps) },
      { method: 'post', path: `${path}/:id/end`, summary: `End a ${name} (from ended_on, default today)`, body: 'MandateEnd', status: 200, notFound: true, action: endMandate(register, registerDeps) },
    ];
  });
  const decisionDeps = { decisionLog: createDecisionLog(deps.db), registers: createDecisionRegisters(deps.db) };
  return [
    { method: 'get', path: '/service-providers', summary: 'List service providers', status: 200, action: catalog.listServiceProviders(catalogDeps) },
    { method: 'post', path: '/service-providers', summary: 'Create a service provider', body: 'ServiceProviderCreate', status: 201, conflict: true, action: catalog.createServiceProvider(catalogDeps) },
    { method: 'get', path: '/service-providers/:id', summary: 'Read a service provider', status: 200, notFound: true, action: catalog.getServiceProvider(catalogDeps) },
    { method: 'patch', path: '/service-providers/:id', summary: 'Update a service provider', body: 'ServiceProviderUpdate', status: 200, notFound: true, conflict: true, action: catalog.updateServiceProvider(catalogDeps) },
    { method: 'post', path: '/service-providers/:id/withdraw', summary: 'Withdraw a service provider and all its services', status: 200, notFound: true, action: catalog.withdrawServiceProvider(catalogDeps) },
    { method: 'get', path: '/services', summary: 'List services, withdrawn ones included', query: { service_provider_id: 'only this provider’s' }, status: 200, action: catalog.listServices(catalogDeps) },
    { method: 'post', path: '/services', summary: 'Create a service (its scope urn:uuid:<uuid> is known at once)', body: 'ServiceCreate', status: 201, conflict: true, action: catalog.createService(catalogDeps) },
    { method: 'get', path: '/services/:uuid', summary: 'Read a service', status: 200, notFound: true, action: catalog.getService(catalogDeps) },
    { method: 'patch', path: '/services/:uuid', summary: 'Update a service', body: 'ServiceUpdate', status: 200, notFound: true, conflict: true, action: catalog.updateService(catalogDeps) },
    { method: 'post', path: '/services/:uuid/withdraw', summary: 'Withdraw a service: it stays in history but can no longer be requested', status: 200, notFound: true, action: catalog.withdrawService(catalogDeps) },
    { method: 'get', path: '/service-sets', summary: 'List service sets', status: 200, action: catalog.listServiceSets(catalogDeps) },
    { method: 'post', path: '/service-sets', summary: 'Create a service set', body: 'ServiceSetCreate', status: 201, conflict: true, action: catalog.createServiceSet(catalogDeps) },
    { method: 'get', path: '/service-sets/:uuid', summary: 'Read a service set', status: 200, notFound: true, action: catalog.getServiceSet(catalogDeps) },
    { method: 'patch', path: '/service-sets/:uuid', summary: 'Update a service set', body: 'ServiceSetUpdate', status: 200, notFound: true, conflict: true, action: catalog.updateServiceSet(catalogDeps) },
    { method: 'post', path: '/service-sets/:uuid/withdraw', summary: 'Withdraw a service set', status: 200, notFound: true, action: catalog.withdrawServiceSet(catalogDeps) },
    { method: 'get', path: '/clients', summary: 'List clients (never their secrets)', status: 200, action: clients.listClients(clientDeps) },
    { method: 'post', path: '/clients', summary: 'Register a client; the response shows its secret, once', body: 'ClientCreate', status: 201, conflict: true, action: clients.createClient(clientDeps) },
    { method: 'get', path: '/clients/:client_id', summary: 'Read a client', status: 200, notFound: true, action: clients.getClient(clientDeps) },
    { method: 'patch', path: '/clients/:client_id', summary: 'Change a client by JSON Merge Patch: what is not sent stays, null removes (applies to its next request); a move to a secret-based method shows the new secret, once', body: 'ClientUpdate', status: 200, notFound: true, action: clients.updateClient(clientDeps) },
    { method: 'post', path: '/clients/:client_id/secret', summary: 'Give a client_secret_basic or client_secret_post client a new secret, shown once; the old one stops working at once', status: 200, notFound: true, action: clients.rotateSecret(clientDeps) },
    { method: 'delete', path: '/clients/:client_id', summary: 'Delete a client', status: 204, notFound: true, action: clients.deleteClient(clientDeps) },
    ...registerRoutes,
    {
      method: 'get',
      path: '/decisions',
      summary: 'The decision log (selection screen, token endpoint, decision API), newest first, paged by seq',
      query: { subject: 'BSN of the acting person', resource: 'BSN or KvK number of the represented party', client: 'client_id that asked', from: 'RFC 3339 or YYYY-MM-DD, inclusive', to: 'RFC 3339 or YYYY-MM-DD, inclusive', limit: '1..1000, default 100', after: 'the `next` of the previous page' },
      status: 200,
      action: listDecisions(decisionDeps),
    },
    {
      method: 'post',
      path: '/imports',
      summary: 'Import a register file (JSON Lines, CSV, or BRP gezag JSON Lines); all-or-nothing unless partial=true',
      query: { format: 'jsonl | csv | brp-gezag', register: 'legal | company | voluntary (not for brp-gezag)', partial: 'true | false (default)' },
      status: 200,
      upload: true,
      action: importRecords(deps),
    },
  ];
}

async function noStore(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  await next();
}

export function adminRouter(deps: AdminDeps): Router {
  const router = createRouter({ prefix: ADMIN_API_PATH });
  const routes = adminRoutes(deps);
  const document = openApiDocument(deps.issuer, routes);
  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  const authenticate = authenticateAdmin(deps);
  for (const route of routes) {
    const pipeline: Middleware[] = [noStore, authenticate, ...(route.body ? [validateBody(route.body)] : []), route.action];
    router[route.method](route.path, ...pipeline);
  }
  return router;
}
