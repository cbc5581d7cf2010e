// ID tokens carry `nbf` (NL GOV ProviderProfile, ID Tokens: exp, iat and nbf REQUIRED); oidc-provider sets exp and
// iat only. Every ID token of this Provider gets nbf = the second it is issued, through IdToken#set (its extra claims).
import type Provider from 'oidc-provider';

interface IdTokenInternals {
  extra: Record<string, unknown>;
  set(key: string, value: unknown): void;
  issue(options?: { use?: string }): Promise<string>;
}

export function addNotBefore(provider: Provider): void {
  const prototype = provider.IdToken.prototype as unknown as IdTokenInternals;
  const issue = prototype.issue;
  prototype.issue = function issueWithNotBefore(this: IdTokenInternals, options) {
    if (options?.use === 'idtoken' && this.extra.nbf === undefined) this.set('nbf', Math.floor(Date.now() / 1000));
    return issue.call(this, options);
  };
}
