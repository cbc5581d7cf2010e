// POST /mijn/logout — ends the /mijn session on the server (a copy of its cookie stops working too), then asks
// namens to end its own login session too (RP-initiated logout): on a shared computer the next person must not find
// themselves logged in.
import type { Context } from 'koa';
import { endSession, type MijnDeps } from './context.ts';
import { MIJN_CLIENT_ID } from './mijn_client.ts';

export function logOut(deps: MijnDeps) {
  return async function logOutAction(ctx: Context) {
    await endSession(ctx, deps);
    const endSessionUrl = new URL(`${deps.issuer}/session/end`);
    endSessionUrl.search = new URLSearchParams({ client_id: MIJN_CLIENT_ID, post_logout_redirect_uri: `${deps.issuer}/mijn` }).toString();
    ctx.status = 303;
    ctx.redirect(endSessionUrl.href);
  };
}
