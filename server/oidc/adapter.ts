// oidc-provider's Adapter over namens' stores: clients come from the client register, every other model
// from the oidc_models table.
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { clientMayReceiveBsn } from '../domain/bsn_policy.ts';
import { allowedInMode, type ProfileMode } from '../domain/clients.ts';
import { MIJN_CLIENT_ID } from '../mijn/mijn_client.ts';
import type { ClientRecord, ClientRepository } from '../persistence/client_repository.ts';
import type { OidcModelStore } from '../persistence/oidc_model_store.ts';

/** The client metadata namens adds to each client (declared as extraClientMetadata). */
export const NAMENS_CLIENT_METADATA = ['first_party', 'service_provider_ids', 'may_receive_bsn', 'namens_access_token_format', 'namens_resource_server'] as const;

/** Whether oidc-provider may see this stored client in this mode; /mijn, namens' own app, it always may. */
export const allowedByProfile = (profile: ProfileMode, client: Pick<ClientRecord, 'clientId' | 'metadata'>) =>
  allowedInMode(profile, client.metadata, client.clientId === MIJN_CLIENT_ID);

/** namens never makes an id with a NUL character, and PostgreSQL cannot take one in a query: such an id finds nothing. */
const unstorable = (id: string) => id.includes('\u0000');

export function createAdapterClass(store: OidcModelStore, clients: ClientRepository, profile: ProfileMode = 'relaxed') {
  return class KnexAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await store.upsert(this.model, id, payload as Record<string, unknown>, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (unstorable(id)) return undefined;
      if (this.model === 'Client') {
        const client = await clients.find(id);
        // In strict mode a client the NL GOV profile does not allow does not exist for oidc-provider (app.ts names
        // such clients at start).
        if (client && !allowedByProfile(profile, client)) return undefined;
        // BSNs only by the domain's rule (every provider of the client may receive them, the client is not barred
        // with may_receive_bsn: false); every other client gets pairwise pseudonyms, whatever it registered.
        const bsn = client && clientMayReceiveBsn(client.linkedProviders, client.metadata.may_receive_bsn === false);
        return (
          client && {
            ...client.metadata,
            ...(bsn ? {} : { subject_type: 'pairwise' }),
            first_party: client.firstParty,
            service_provider_ids: client.serviceProviderIds,
          }
        );
      }
      const found = await store.find(this.model, id);
      return found && { ...found.payload, ...(found.consumed ? { consumed: true } : {}) };
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      if (unstorable(userCode)) return undefined;
      const found = await store.findByUserCode(this.model, userCode);
      return found && { ...found.payload, ...(found.consumed ? { consumed: true } : {}) };
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (unstorable(uid)) return undefined;
      const found = await store.findByUid(this.model, uid);
      return found && { ...found.payload, ...(found.consumed ? { consumed: true } : {}) };
    }

    /**
     * oidc-provider checks `consumed` and then calls this; the conditional update makes the pair atomic.
     * The loser of two parallel redemptions gets invalid_grant and the grant's tokens are revoked.
     */
    async consume(id: string): Promise<void> {
      if (await store.consume(this.model, id)) return;
      const found = await store.find(this.model, id);
      const grantId = found?.payload.grantId;
      if (typeof grantId === 'string') await store.revokeByGrantId(grantId);
      throw new errors.InvalidGrant('authorization code already consumed');
    }

    async destroy(id: string): Promise<void> {
      await store.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.revokeByGrantId(grantId);
    }
  };
}
