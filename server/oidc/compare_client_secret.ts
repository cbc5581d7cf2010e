// client_secret_basic and client_secret_post against the stored hash (domain/clients.ts): oidc-provider compares a
// client's secret in Client#compareClientSecret, which namens replaces for every client of this Provider. Nothing else
// reads the secret: no HMAC (HS*) or symmetric key-wrapping algorithm is enabled (provider.ts, enabledJWA).
import type Provider from 'oidc-provider';
import { clientSecretMatches } from '../domain/clients.ts';

export function compareHashedClientSecrets(provider: Provider): void {
  const prototype = provider.Client.prototype as unknown as { clientSecret?: string; compareClientSecret(actual: string): boolean };
  prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    return clientSecretMatches(this.clientSecret, actual);
  };
}
