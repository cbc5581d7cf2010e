// Types for the one private module of oidc-provider that namens reads (see service_scopes.ts).
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  import type Provider from 'oidc-provider';
  export default function internals(provider: Provider): { configuration: { scopes: Set<string> } };
}
