// An employee (eHerkenning) has no BSN: every app gets a pseudonym as `sub`, pairwise per sector, also apps that may
// receive BSNs. oidc-provider writes the account id as `sub` into every ID token and userinfo response, and turns it
// into a pseudonym only for pairwise clients (through pairwiseIdentifier, see provider.ts). For the other clients the
// claims mask that both the ID token and userinfo go through is extended here, with the same rule: the pseudonym of the
// employee's party id (never the upstream's sub, never the organisation of the login) in the client's sector.
import type Provider from 'oidc-provider';
import { isEmployeeAccount, subjectKeyOf } from '../domain/agents.ts';
import { pairwisePseudonym, sectorOf } from './pairwise.ts';

type ClaimsClass = new (...args: never[]) => { client: { subjectType?: string }; result(): Promise<Record<string, unknown>> };

export function pseudonymiseEmployees(provider: Provider, salt: string): void {
  // oidc-provider's Claims class is a getter of the provider; its instances keep the client they mask for.
  const Base = (provider as unknown as { Claims: ClaimsClass }).Claims;
  class EmployeeClaims extends Base {
    override async result() {
      const claims = await super.result();
      if (this.client.subjectType !== 'pairwise' && typeof claims.sub === 'string' && isEmployeeAccount(claims.sub)) {
        claims.sub = pairwisePseudonym(salt, sectorOf(this.client), subjectKeyOf(claims.sub));
      }
      return claims;
    }
  }
  Object.defineProperty(provider, 'Claims', { value: EmployeeClaims });
}
