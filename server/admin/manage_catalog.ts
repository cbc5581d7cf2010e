// Catalog actions of the admin API: service providers, services and service sets; create, read, update, withdraw.
// A withdrawn entry stays (old tokens and audit rows keep resolving) but can no longer be requested.
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { Conflict, NotFound, ValidationFailed, type Violation } from '../errors.ts';
import type { Service } from '../domain/services.ts';
import type { CatalogAdmin } from '../persistence/catalog_admin.ts';
import { UniqueViolation } from '../persistence/catalog_admin.ts';
import { serviceRow } from '../persistence/catalog_repository.ts';
import type { ServiceScopes } from '../oidc/service_scopes.ts';
import { bodyOf } from '../http/validate_body.ts';

export interface CatalogDeps {
  catalog: CatalogAdmin;
  serviceScopes: ServiceScopes;
  clock: () => Date;
}

// any: the body has been validated against its JSON Schema (server/validation/schemas.ts), whose shape the actions
// below read.
type Body = Record<string, any>;

async function conflictsAs409<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueViolation) throw new Conflict(error.message);
    throw error;
  }
}

const param = (ctx: Context, name: string) => String((ctx.params as Record<string, string>)[name]);

// ---- service providers

export const listServiceProviders = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  ctx.body = { service_providers: await catalog.listProviders() };
};

export const getServiceProvider = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const provider = await catalog.findProvider(param(ctx, 'id'));
  if (!provider) throw new NotFound(`no service provider ${param(ctx, 'id')}`);
  ctx.body = provider;
};

export const createServiceProvider = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const body = bodyOf<Body>(ctx);
  await conflictsAs409(() => catalog.createProvider(body as never));
  ctx.status = 201;
  ctx.set('Location', `/admin/api/service-providers/${body.id}`);
  ctx.body = await catalog.findProvider(body.id);
};

export const updateServiceProvider = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const id = param(ctx, 'id');
  if (!(await catalog.findProvider(id))) throw new NotFound(`no service provider ${id}`);
  await conflictsAs409(() => catalog.updateProvider(id, bodyOf(ctx)));
  ctx.body = await catalog.findProvider(id);
};

export const withdrawServiceProvider = ({ catalog, clock }: CatalogDeps) => async (ctx: Context) => {
  const id = param(ctx, 'id');
  if (!(await catalog.findProvider(id))) throw new NotFound(`no service provider ${id}`);
  await catalog.withdrawProvider(id, clock());
  ctx.body = await catalog.findProvider(id);
};

// ---- services

/** Rules across fields and rows that the schema cannot state. */
async function serviceViolations(catalog: CatalogAdmin, service: Body): Promise<Violation[]> {
  const violations: Violation[] = [];
  const provider = await catalog.findProvider(service.service_provider_id);
  if (!provider) violations.push({ pointer: '/service_provider_id', message: `no service provider ${service.service_provider_id}` });
  else if (provider.withdrawn_at) violations.push({ pointer: '/service_provider_id', message: `service provider ${provider.id} has been withdrawn` });
  if (service.legal_types && !service.bases.includes('legal')) violations.push({ pointer: '/legal_types', message: 'only applies when bases includes "legal"' });
  if (!service.self_allowed && service.bases.length === 0) violations.push({ pointer: '/bases', message: 'a service nobody may use for themselves needs at least one basis' });
  return violations;
}

function toDomain(uuid: string, body: Body): Service {
  return {
    uuid,
    id: body.id,
    providerId: body.service_provider_id,
    name: body.name,
    description: body.description,
    domains: body.domains,
    loa: body.loa,
    bases: body.bases,
    legalTypes: body.legal_types ?? null,
    selfAllowed: body.self_allowed,
    maxMinorAge: body.max_minor_age ?? null,
    upl: body.upl ?? null,
    eherkenningServiceUuid: body.eherkenning_service_uuid ?? null,
    withdrawnAt: body.withdrawn_at ?? null,
  };
}

export const listServices = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const provider = typeof ctx.query.service_provider_id === 'string' ? ctx.query.service_provider_id : undefined;
  ctx.body = { services: await catalog.listServices(provider) };
};

export const getService = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const service = await catalog.findService(param(ctx, 'uuid'));
  if (!service) throw new NotFound(`no service ${param(ctx, 'uuid')}`);
  ctx.body = service;
};

export const createService = ({ catalog, serviceScopes }: CatalogDeps) => async (ctx: Context) => {
  const body = bodyOf<Body>(ctx);
  const uuid = (body.uuid ?? randomUUID()).toLowerCase();
  const violations = await serviceViolations(catalog, body);
  if (violations.length) throw new ValidationFailed(violations);
  await conflictsAs409(() => catalog.insertService(serviceRow(toDomain(uuid, body)) as unknown as Record<string, unknown>));
  serviceScopes.add(uuid);
  ctx.status = 201;
  ctx.set('Location', `/admin/api/services/${uuid}`);
  ctx.body = await catalog.findService(uuid);
};

export const updateService = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const current = await catalog.findService(param(ctx, 'uuid'));
  if (!current) throw new NotFound(`no service ${param(ctx, 'uuid')}`);
  const merged = { ...current, ...bodyOf<Body>(ctx) };
  const violations = await serviceViolations(catalog, merged);
  if (violations.length) throw new ValidationFailed(violations);
  const row = serviceRow(toDomain(current.uuid, merged)) as unknown as Record<string, unknown>;
  await conflictsAs409(() => catalog.updateService(current.uuid, row));
  ctx.body = await catalog.findService(current.uuid);
};

export const withdrawService = ({ catalog, clock }: CatalogDeps) => async (ctx: Context) => {
  const current = await catalog.findService(param(ctx, 'uuid'));
  if (!current) throw new NotFound(`no service ${param(ctx, 'uuid')}`);
  await catalog.withdrawService(current.uuid, clock());
  ctx.body = await catalog.findService(current.uuid);
};

// ---- service sets

async function memberUuids(catalog: CatalogAdmin, refs: string[]): Promise<string[]> {
  const services = await catalog.listServices();
  const violations: Violation[] = [];
  const uuids = refs.map((ref, i) => {
    const service = services.find((s) => s.uuid === ref.toLowerCase() || s.id === ref);
    if (!service) violations.push({ pointer: `/services/${i}`, message: `no service ${ref}` });
    else if (service.withdrawn_at) violations.push({ pointer: `/services/${i}`, message: `service ${ref} has been withdrawn` });
    return service?.uuid ?? '';
  });
  if (violations.length) throw new ValidationFailed(violations);
  return [...new Set(uuids)];
}

export const listServiceSets = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  ctx.body = { service_sets: await catalog.listSets() };
};

export const getServiceSet = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const set = await catalog.findSet(param(ctx, 'uuid'));
  if (!set) throw new NotFound(`no service set ${param(ctx, 'uuid')}`);
  ctx.body = set;
};

export const createServiceSet = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const body = bodyOf<Body>(ctx);
  const uuid = (body.uuid ?? randomUUID()).toLowerCase();
  const services = await memberUuids(catalog, body.services);
  await conflictsAs409(() => catalog.saveSet({ uuid, id: body.id, name: body.name, services }, true));
  ctx.status = 201;
  ctx.set('Location', `/admin/api/service-sets/${uuid}`);
  ctx.body = await catalog.findSet(uuid);
};

export const updateServiceSet = ({ catalog }: CatalogDeps) => async (ctx: Context) => {
  const current = await catalog.findSet(param(ctx, 'uuid'));
  if (!current) throw new NotFound(`no service set ${param(ctx, 'uuid')}`);
  const body = bodyOf<Body>(ctx);
  const services = body.services ? await memberUuids(catalog, body.services) : undefined;
  await conflictsAs409(() => catalog.saveSet({ uuid: current.uuid, id: body.id, name: body.name, services }, false));
  ctx.body = await catalog.findSet(current.uuid);
};

export const withdrawServiceSet = ({ catalog, clock }: CatalogDeps) => async (ctx: Context) => {
  const current = await catalog.findSet(param(ctx, 'uuid'));
  if (!current) throw new NotFound(`no service set ${param(ctx, 'uuid')}`);
  await catalog.withdrawSet(current.uuid, clock());
  ctx.body = await catalog.findSet(current.uuid);
};
