// An interaction that has expired, was finished already (the back button after consent), or belongs to another
// browser (a cleared cookie, a stale tab) ends on a page with a way on, never a dead end:
//  - while oidc-provider still holds the interaction (its cookie was lost, the tab is older): "Terug naar <app>",
//    the OIDC error response access_denied to the app's redirect_uri, and "Opnieuw beginnen", the same
//    authorization request again;
//  - otherwise, for the app this browser last logged in to (cookie namens_app, set on every login screen): its
//    registered initiate_login_uri (start again) or client_uri (back to the app);
//  - always Mijn machtigingen (errorPage adds it).
import type { Context, Next } from 'koa';
import { errors, type default as Provider } from 'oidc-provider';
import { errorPage, type WayOn } from '../../views/error.ts';
import { t } from '../../views/messages/index.ts';

/** The cookie naming the app of this browser's latest login step (a client id, no secret: it only picks a link). */
export const LAST_APP_COOKIE = 'namens_app';

export function rememberApp(ctx: Context, clientId: string) {
  ctx.cookies.set(LAST_APP_COOKIE, clientId, { httpOnly: true, sameSite: 'lax', path: '/interaction', secure: ctx.secure, overwrite: true });
}

interface ClientLinks {
  clientName?: string;
  clientId: string;
  clientUri?: string;
  initiateLoginUri?: string;
  requirePushedAuthorizationRequests?: boolean;
  requireSignedRequestObject?: boolean;
}

async function findClient(provider: Provider, id: unknown): Promise<ClientLinks | undefined> {
  if (typeof id !== 'string' || id === '') return undefined;
  return ((await provider.Client.find(id).catch(() => undefined)) as unknown as ClientLinks | undefined) ?? undefined;
}

async function waysOn(provider: Provider, ctx: Context): Promise<WayOn[]> {
  const m = t();
  const uid = typeof ctx.params?.uid === 'string' ? ctx.params.uid : undefined;
  const interaction = uid ? await provider.Interaction.find(uid).catch(() => undefined) : undefined;
  if (interaction) {
    const params = interaction.params as Record<string, unknown>;
    const client = await findClient(provider, params.client_id);
    if (client) {
      const name = client.clientName ?? client.clientId;
      const ways: WayOn[] = [];
      const redirectUri = typeof params.redirect_uri === 'string' ? params.redirect_uri : undefined;
      const query = params.response_mode === undefined || params.response_mode === 'query';
      if (redirectUri && query) {
        const back = new URL(redirectUri);
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'the person stopped the login');
        if (typeof params.state === 'string') back.searchParams.set('state', params.state);
        back.searchParams.set('iss', provider.issuer);
        ways.push({ href: back.href, label: m.errors.backToApp(name) });
      }
      if (!client.requirePushedAuthorizationRequests && !client.requireSignedRequestObject) {
        const again = new URLSearchParams();
        for (const [key, value] of Object.entries(params)) if (typeof value === 'string') again.set(key, value);
        ways.unshift({ href: `/auth?${again}`, label: m.errors.startAgain(name) });
      }
      return ways;
    }
  }
  const client = await findClient(provider, ctx.cookies.get(LAST_APP_COOKIE));
  if (!client) return [];
  const name = client.clientName ?? client.clientId;
  if (client.initiateLoginUri) {
    const again = new URL(client.initiateLoginUri);
    again.searchParams.set('iss', provider.issuer);
    return [{ href: again.href, label: m.errors.startAgain(name) }];
  }
  return client.clientUri ? [{ href: client.clientUri, label: m.errors.backToApp(name) }] : [];
}

/** `providerOf`: the Provider of now (app.ts rebuilds it when the signing keys change). */
export function showSessionExpired(providerOf: () => Provider) {
  return async function showSessionExpiredMiddleware(ctx: Context, next: Next) {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = errorPage({ title: t().errors.sessionExpiredTitle, message: t().errors.sessionExpired, code: 'session_not_found', ways: await waysOn(providerOf(), ctx) });
    }
  };
}
