// Introspection applies the re-check of userinfo and the refresh grant (recheck_choice.ts): oidc-provider answers
// `active: true` for any unexpired token, also one whose mandate has been ended, revoked or changed since. After its
// answer, a token of a person is checked again, and one that no longer holds is answered `{ "active": false }` (RFC
// 7662: nothing more), to its own client and to resource servers alike. Client-credentials tokens have no person.
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { RecheckChoice } from './recheck_choice.ts';

type Introspected = { accountId?: string; rar?: unknown };

export function refuseEndedIntrospection(recheck: RecheckChoice) {
  return async function refuseEndedIntrospectionMiddleware(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
    await next();
    if (ctx.oidc?.route !== 'introspection' || ctx.status !== 200) return;
    const body = ctx.body as { active?: unknown } | undefined;
    if (typeof body !== 'object' || body?.active !== true) return;
    const { AccessToken, RefreshToken } = ctx.oidc.entities as { AccessToken?: Introspected; RefreshToken?: Introspected };
    const token = AccessToken ?? RefreshToken;
    if (!token?.accountId) return;
    if (!(await recheck(token.accountId, token.rar)).ok) ctx.body = { active: false };
  };
}
