// Every check a client's metadata passes before it is stored, the same for the admin API and the command line:
// the JSON Schema (done by the caller), namens' rules across fields (domain/clients.ts), the catalog, and then
// oidc-provider's own client schema on the metadata exactly as the adapter will hand it over.
import type { Violation } from '../errors.ts';
import { clientProblems, profileProblems, type ProfileMode } from '../domain/clients.ts';
import { clientMayReceiveBsn } from '../domain/bsn_policy.ts';
import type { CatalogAdmin } from '../persistence/catalog_admin.ts';
import type { ClientRepository } from '../persistence/client_repository.ts';

/** oidc-provider's verdict on client metadata: undefined when it accepts it, else its error description. */
export type CheckWithProvider = (metadata: Record<string, unknown>) => Promise<string | undefined>;

export interface ClientDeps {
  clients: ClientRepository;
  catalog: CatalogAdmin;
  checkWithProvider: CheckWithProvider;
  /** NLGOV_PROFILE: in strict mode a client must also meet the NL GOV Assurance profile. */
  profile: ProfileMode;
}

export async function clientViolations(deps: ClientDeps, metadata: Record<string, unknown>, serviceProviderIds: string[]): Promise<Violation[]> {
  const violations: Violation[] = clientProblems(metadata);
  // The profile's rules only on URIs that passed the general ones (a relative URI has no protocol to judge).
  if (deps.profile === 'strict' && !violations.length) violations.push(...profileProblems(metadata));
  const providers = new Map((await deps.catalog.listProviders()).map((p) => [p.id, p]));
  serviceProviderIds.forEach((id, i) => {
    if (!providers.has(id)) violations.push({ pointer: `/service_provider_ids/${i}`, message: `no service provider ${id}` });
  });
  if (violations.length) return violations;
  // What the adapter (server/oidc/adapter.ts) hands oidc-provider: a client that may not receive BSNs is pairwise.
  const linked = serviceProviderIds.map((id) => ({ id, mayReceiveBsn: providers.get(id)!.may_receive_bsn }));
  const pairwise = !clientMayReceiveBsn(linked, metadata.may_receive_bsn === false);
  const problem = await deps.checkWithProvider({ ...metadata, ...(pairwise ? { subject_type: 'pairwise' } : {}), service_provider_ids: serviceProviderIds });
  if (problem) violations.push({ pointer: '', message: problem });
  return violations;
}
