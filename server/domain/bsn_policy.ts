// Which apps receive citizen service numbers (BSNs): the one rule. Every other app gets pairwise pseudonyms, for the
// acting and the represented person alike (server/oidc/adapter.ts makes such a client pairwise).
import type { ServiceProvider } from './services.ts';

/**
 * Whether a client receives BSNs: only when EVERY service provider it is linked to may receive them, and the client is
 * not barred from them itself (client metadata `may_receive_bsn: false`). A client without providers gets none.
 *
 * "Every", not "any": a client's tokens serve each service of each provider it is linked to, and a token does not
 * stay with one of them (a login without a service names none; the app passes what it got to its own back ends).
 * One provider that may not process BSNs thus makes the client unfit to receive them; with "any" that provider's
 * services would receive BSNs through the permission of another organisation.
 */
export function clientMayReceiveBsn(providers: ReadonlyArray<Pick<ServiceProvider, 'mayReceiveBsn'>>, barred: boolean): boolean {
  return !barred && providers.length > 0 && providers.every((provider) => provider.mayReceiveBsn);
}
