// Client actions of the admin API: register, read, change, re-key and delete the apps (and operator tools) that use
// namens. The use cases are server/clients/ (the command line calls the same); these only speak HTTP. The oidc
// adapter reads clients from the database on every lookup, so a change applies to the next request. A client secret
// is shown once, in the response that makes it, and never again nor logged.
import type { Context } from 'koa';
import { NotFound } from '../errors.ts';
import type { ClientDeps } from '../clients/check_client.ts';
import { clientView } from '../clients/client_metadata.ts';
import { registerClient, rotateClientSecret, updateClient as changeClient, type Registered } from '../clients/manage_client.ts';
import { bodyOf } from '../http/validate_body.ts';

export type { ClientDeps };

// any: the body has been validated against its JSON Schema (server/validation/schemas.ts).
type Body = Record<string, any>;

function respondWithSecret(ctx: Context, { record, secret }: Registered) {
  if (secret) ctx.set('Cache-Control', 'no-store');
  ctx.body = { ...clientView(record), ...(secret ? { client_secret: secret } : {}) };
}

export const listClients = ({ clients }: ClientDeps) => async (ctx: Context) => {
  ctx.body = { clients: (await clients.list()).map(clientView) };
};

export const getClient = ({ clients }: ClientDeps) => async (ctx: Context) => {
  const client = await clients.find(ctx.params.client_id!);
  if (!client) throw new NotFound(`no client ${ctx.params.client_id}`);
  ctx.body = clientView(client);
};

export const createClient = (deps: ClientDeps) => async (ctx: Context) => {
  const registered = await registerClient(deps, bodyOf<Body>(ctx));
  ctx.status = 201;
  ctx.set('Location', `/admin/api/clients/${encodeURIComponent(registered.record.clientId)}`);
  ctx.set('Cache-Control', 'no-store');
  respondWithSecret(ctx, registered);
};

export const updateClient = (deps: ClientDeps) => async (ctx: Context) => {
  respondWithSecret(ctx, await changeClient(deps, ctx.params.client_id!, bodyOf<Body>(ctx)));
};

export const rotateSecret = (deps: ClientDeps) => async (ctx: Context) => {
  respondWithSecret(ctx, await rotateClientSecret(deps, ctx.params.client_id!));
};

export const deleteClient = ({ clients }: ClientDeps) => async (ctx: Context) => {
  if (!(await clients.remove(ctx.params.client_id!))) throw new NotFound(`no client ${ctx.params.client_id}`);
  ctx.status = 204;
};
