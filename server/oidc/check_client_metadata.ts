// oidc-provider's own client schema as a check the client use cases (server/clients/) call before they store a
// client: the same validation the adapter's lookups go through, so a client that is stored can also be used.
import type Provider from 'oidc-provider';
import type { CheckWithProvider } from '../clients/check_client.ts';

export function checkClientMetadata(providerOf: () => Provider): CheckWithProvider {
  return async (metadata) => {
    try {
      await (providerOf().Client as unknown as { validate(metadata: Record<string, unknown>): Promise<void> }).validate(metadata);
      return undefined;
    } catch (error) {
      const { error_description: description, message } = error as { error_description?: string; message?: string };
      return description ?? message ?? 'the client metadata is invalid';
    }
  };
}
