// Registering, changing and re-keying a client: the use cases the admin API (server/admin/manage_clients.ts) and the
// command line (`namens clients add|update|rotate-secret`) share. Bodies arrive schema-valid (ClientCreate,
// ClientUpdate); everything else is checked here. A secret is made only for the methods that use one, returned once,
// and stored as its hash (domain/clients.ts).
import { randomBytes } from 'node:crypto';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { CLIENT_ENCRYPTION_ENCS, generateClientSecret, hashClientSecret, usesSecret } from '../domain/clients.ts';
import type { ClientRecord } from '../persistence/client_repository.ts';
import { clientViolations, type ClientDeps } from './check_client.ts';
import { CLIENT_METADATA_PROPERTIES } from './client_metadata.ts';

// any: a schema-valid ClientCreate or ClientUpdate body.
type Body = Record<string, any>;
type StoredClient = Omit<ClientRecord, 'linkedProviders'>;

export interface Registered {
  record: StoredClient;
  /** The new secret, in clear: shown once, never stored. */
  secret: string | undefined;
}

/** The stored metadata: the properties set, response types that follow from the grants, and the secret's hash. */
function metadataOf(clientId: string, properties: Body, secretHash: string | undefined): Body {
  const metadata: Body = { client_id: clientId };
  for (const name of CLIENT_METADATA_PROPERTIES) if (properties[name] !== undefined && properties[name] !== null) metadata[name] = properties[name];
  metadata.redirect_uris ??= [];
  // Encryption without a content algorithm gets the one namens offers (oidc-provider's own default is not enabled).
  for (const response of ['id_token', 'userinfo']) {
    if (metadata[`${response}_encrypted_response_alg`] !== undefined) metadata[`${response}_encrypted_response_enc`] ??= CLIENT_ENCRYPTION_ENCS[0];
  }
  metadata.response_types = (metadata.grant_types as string[]).includes('authorization_code') ? ['code'] : [];
  if (secretHash) metadata.client_secret = secretHash;
  return metadata;
}

async function checked(deps: ClientDeps, record: StoredClient): Promise<StoredClient> {
  const violations = await clientViolations(deps, record.metadata, record.serviceProviderIds);
  if (violations.length) throw new ValidationFailed(violations);
  return record;
}

export async function registerClient(deps: ClientDeps, body: Body): Promise<Registered> {
  const clientId: string = body.client_id ?? `client-${randomBytes(9).toString('base64url')}`;
  const secret = usesSecret(body.token_endpoint_auth_method) ? generateClientSecret() : undefined;
  const record = await checked(deps, {
    clientId,
    metadata: metadataOf(clientId, body, secret && hashClientSecret(secret)),
    firstParty: body.first_party ?? false,
    development: false,
    serviceProviderIds: body.service_provider_ids ?? [],
  });
  if (await deps.clients.find(clientId)) throw new Conflict(`a client ${clientId} exists already`);
  await deps.clients.save(record);
  return { record, secret };
}

/**
 * Changes a client by JSON Merge Patch (RFC 7396): what the body does not name stays, null removes a property.
 * A client that moves to a secret-based method gets a new secret (returned once); one that moves away loses it.
 */
export async function updateClient(deps: ClientDeps, clientId: string, patch: Body): Promise<Registered> {
  const current = await deps.clients.find(clientId);
  if (!current) throw new NotFound(`no client ${clientId}`);
  const properties: Body = { ...current.metadata };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete properties[name];
    else properties[name] = value;
  }
  const keepsSecret = usesSecret(properties.token_endpoint_auth_method) && typeof current.metadata.client_secret === 'string';
  const secret = usesSecret(properties.token_endpoint_auth_method) && !keepsSecret ? generateClientSecret() : undefined;
  const secretHash = keepsSecret ? (current.metadata.client_secret as string) : secret && hashClientSecret(secret);
  const serviceProviderIds: string[] = 'service_provider_ids' in patch ? (patch.service_provider_ids ?? []) : current.serviceProviderIds;
  const record = await checked(deps, {
    clientId,
    metadata: metadataOf(clientId, properties, secretHash),
    firstParty: 'first_party' in patch ? (patch.first_party ?? false) : current.firstParty,
    development: current.development,
    serviceProviderIds,
  });
  await deps.clients.save(record);
  return { record, secret };
}

/** A new secret for a client that uses one; the old one stops working at once. */
export async function rotateClientSecret(deps: Pick<ClientDeps, 'clients'>, clientId: string): Promise<Registered & { secret: string }> {
  const current = await deps.clients.find(clientId);
  if (!current) throw new NotFound(`no client ${clientId}`);
  if (!usesSecret(current.metadata.token_endpoint_auth_method)) {
    throw new ValidationFailed([{ pointer: '/token_endpoint_auth_method', message: `a ${String(current.metadata.token_endpoint_auth_method)} client has no secret` }]);
  }
  const secret = generateClientSecret();
  const record: StoredClient = { ...current, metadata: { ...current.metadata, client_secret: hashClientSecret(secret) } };
  await deps.clients.save(record);
  return { record, secret };
}
