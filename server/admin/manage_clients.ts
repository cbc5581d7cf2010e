// Client actions of the admin API: register, read, update and delete the apps (and operator tools) that use namens.
// The oidc adapter reads clients from the database on every lookup, so a change applies to the next request.
// A client secret is shown once, in the response that creates the client, and never again nor logged.
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { Conflict, NotFound, ValidationFailed, type Violation } from '../errors.ts';
import { redirectUriProblem } from '../domain/redirect_uris.ts';
import type { CatalogAdmin } from '../persistence/catalog_admin.ts';
import type { ClientRecord, ClientRepository } from '../persistence/client_repository.ts';
import { bodyOf } from './validate_body.ts';

export interface ClientDeps {
  clients: ClientRepository;
  catalog: CatalogAdmin;
  /** For oidc-provider's own metadata check; the command line, which has no provider, relies on the rules here. */
  provider?: Provider;
}

// any: the body has been validated against its JSON Schema (server/validation/schemas.ts).
type Body = Record<string, any>;

const PUBLIC_FIELDS = ['client_name', 'redirect_uris', 'post_logout_redirect_uris', 'grant_types', 'token_endpoint_auth_method', 'may_receive_bsn', 'scope', 'id_token_signed_response_alg'] as const;

/** A client as the admin API shows it: never its secret. */
export function clientView(client: Omit<ClientRecord, 'linkedProviders'>) {
  const view: Record<string, unknown> = { client_id: client.clientId };
  for (const field of PUBLIC_FIELDS) view[field] = client.metadata[field] ?? (field === 'may_receive_bsn' ? false : field.endsWith('uris') ? [] : null);
  return { ...view, service_provider_ids: client.serviceProviderIds, first_party: client.firstParty, development: client.development };
}

/** The rules across fields (and against the catalog) that the schema cannot state; then oidc-provider's own check. */
async function clientViolations(deps: ClientDeps, metadata: Body, serviceProviderIds: string[]): Promise<Violation[]> {
  const violations: Violation[] = [];
  (metadata.redirect_uris ?? []).forEach((uri: string, i: number) => {
    const problem = redirectUriProblem(uri);
    if (problem) violations.push({ pointer: `/redirect_uris/${i}`, message: problem });
  });
  (metadata.post_logout_redirect_uris ?? []).forEach((uri: string, i: number) => {
    const problem = redirectUriProblem(uri);
    if (problem) violations.push({ pointer: `/post_logout_redirect_uris/${i}`, message: problem });
  });
  const grants: string[] = metadata.grant_types;
  if (grants.includes('authorization_code') && !(metadata.redirect_uris ?? []).length) {
    violations.push({ pointer: '/redirect_uris', message: 'an authorization_code client needs at least one redirect URI' });
  }
  if (grants.includes('refresh_token') && !grants.includes('authorization_code')) {
    violations.push({ pointer: '/grant_types', message: 'refresh_token needs authorization_code' });
  }
  if (grants.includes('client_credentials') && metadata.token_endpoint_auth_method === 'none') {
    violations.push({ pointer: '/token_endpoint_auth_method', message: 'a client_credentials client must authenticate' });
  }
  const providers = new Map((await deps.catalog.listProviders()).map((p) => [p.id, p]));
  serviceProviderIds.forEach((id, i) => {
    if (!providers.has(id)) violations.push({ pointer: `/service_provider_ids/${i}`, message: `no service provider ${id}` });
  });
  if (violations.length || !deps.provider) return violations;
  try {
    // oidc-provider's own client validation (the same the adapter's lookups go through).
    await (deps.provider.Client as unknown as { validate(metadata: Body): Promise<void> }).validate(metadata);
  } catch (error) {
    violations.push({ pointer: '', message: (error as { error_description?: string }).error_description ?? 'the client metadata is invalid' });
  }
  return violations;
}

function metadataOf(clientId: string, body: Body, secret: string | undefined): Body {
  const metadata: Body = { client_id: clientId };
  for (const field of PUBLIC_FIELDS) if (body[field] !== undefined) metadata[field] = body[field];
  metadata.response_types = (body.grant_types as string[]).includes('authorization_code') ? ['code'] : [];
  metadata.redirect_uris ??= [];
  if (secret) metadata.client_secret = secret;
  return metadata;
}

export const listClients = ({ clients }: ClientDeps) => async (ctx: Context) => {
  ctx.body = { clients: (await clients.list()).map(clientView) };
};

export const getClient = ({ clients }: ClientDeps) => async (ctx: Context) => {
  const client = await clients.find(ctx.params.client_id!);
  if (!client) throw new NotFound(`no client ${ctx.params.client_id}`);
  ctx.body = clientView(client);
};

/** Registers a client from a schema-valid ClientCreate body; the secret (if any) is returned once, here. */
export async function registerClient(deps: ClientDeps, body: Body): Promise<{ record: Omit<ClientRecord, 'linkedProviders'>; secret: string | undefined }> {
  const clientId: string = body.client_id ?? `client-${randomBytes(9).toString('base64url')}`;
  const secret = body.token_endpoint_auth_method === 'none' ? undefined : randomBytes(32).toString('base64url');
  const metadata = metadataOf(clientId, body, secret);
  const serviceProviderIds: string[] = body.service_provider_ids ?? [];
  const violations = await clientViolations(deps, metadata, serviceProviderIds);
  if (violations.length) throw new ValidationFailed(violations);
  if (await deps.clients.find(clientId)) throw new Conflict(`a client ${clientId} exists already`);
  const record: Omit<ClientRecord, 'linkedProviders'> = { clientId, metadata, firstParty: body.first_party ?? false, development: false, serviceProviderIds };
  await deps.clients.save(record);
  return { record, secret };
}

export const createClient = (deps: ClientDeps) => async (ctx: Context) => {
  const { record, secret } = await registerClient(deps, bodyOf<Body>(ctx));
  const clientId = record.clientId;
  ctx.status = 201;
  ctx.set('Location', `/admin/api/clients/${encodeURIComponent(clientId)}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { ...clientView(record), ...(secret ? { client_secret: secret } : {}) };
};

export const updateClient = (deps: ClientDeps) => async (ctx: Context) => {
  const current = await deps.clients.find(ctx.params.client_id!);
  if (!current) throw new NotFound(`no client ${ctx.params.client_id}`);
  const body = { ...current.metadata, ...bodyOf<Body>(ctx) };
  if (body.token_endpoint_auth_method !== 'none' && !current.metadata.client_secret) {
    throw new ValidationFailed([{ pointer: '/token_endpoint_auth_method', message: 'a public client cannot become confidential: register a new client for that' }]);
  }
  const secret = body.token_endpoint_auth_method === 'none' ? undefined : (current.metadata.client_secret as string);
  const metadata = metadataOf(current.clientId, body, secret);
  const serviceProviderIds: string[] = body.service_provider_ids ?? current.serviceProviderIds;
  const violations = await clientViolations(deps, metadata, serviceProviderIds);
  if (violations.length) throw new ValidationFailed(violations);
  const record: ClientRecord = { ...current, metadata, firstParty: body.first_party ?? current.firstParty, serviceProviderIds };
  await deps.clients.save(record);
  ctx.body = clientView(record);
};

export const deleteClient = ({ clients }: ClientDeps) => async (ctx: Context) => {
  if (!(await clients.remove(ctx.params.client_id!))) throw new NotFound(`no client ${ctx.params.client_id}`);
  ctx.status = 204;
};
