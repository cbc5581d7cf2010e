// The demo municipality app: a relying party built with openid-client. It lists the municipality's services from
// namens' public catalog, a button each; after the login it says in plain Dutch who acts for whom, for which service
// and on what ground, and shows the decoded ID token and the userinfo response below it.
import { randomBytes } from 'node:crypto';
import Koa, { type Context } from 'koa';
import Router from '@koa/router';
import * as client from 'openid-client';
import { html, type SafeHtml } from '../views/html.ts';
import { staticRouter } from '../server/http/static_files.ts';

export interface DemoConfig {
  /** The namens issuer, e.g. http://localhost:3000 */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Must be registered for the client at namens; the seeded clients have http://localhost:8080/callback. */
  redirectUri: string;
  /** Only the services of this service provider get a button: the client may ask for no others. */
  serviceProviderId: string;
  /** The name the demo shows as its own (the service provider's): "Gemeente Enschede" by default. */
  providerName?: string;
}

interface CatalogService {
  uuid: string;
  scope: string;
  name: { nl: string; en: string };
  description: { nl: string; en: string };
  service_provider: { id: string; name?: string };
}

interface Pending {
  verifier: string;
  nonce: string;
  expires: number;
}

interface MandateDetail {
  summary?: { nl: string; en: string };
  service?: { name?: string };
  basis?: string;
}

const STATE_COOKIE = 'demo_state';
const PENDING_MS = 10 * 60 * 1000;

function page(title: string, body: SafeHtml, providerName = 'Gemeente Enschede'): string {
  return html`<!doctype html>
<html lang="nl" class="utrecht-html">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${providerName} (demo)</title>
<link rel="stylesheet" href="/static/nlds/design-tokens.css">
<link rel="stylesheet" href="/static/nlds/component-library.css">
<link rel="stylesheet" href="/static/nlds/html.css">
<link rel="stylesheet" href="/static/namens-theme.css">
</head>
<body class="utrecht-theme namens-theme">
<header class="utrecht-page-header site-header"><div class="site-header__inner"><p class="brand"><span class="brand__name">${providerName}</span> <span class="brand__tagline">demo-app van namens</span></p></div></header>
<main id="main" class="utrecht-page-content page">
<h1 class="utrecht-heading-1">${title}</h1>
${body}
</main>
</body>
</html>`.value;
}

const json = (value: unknown) => html`<pre class="demo-json"><code>${JSON.stringify(value, null, 2)}</code></pre>`;

export async function createDemoApp(config: DemoConfig): Promise<Koa> {
  let discovered: client.Configuration | undefined;
  async function rp(): Promise<client.Configuration> {
    // Discovery on first use, so the demo may start before namens does.
    discovered ??= await client.discovery(new URL(config.issuer), config.clientId, undefined, client.ClientSecretBasic(config.clientSecret), {
      execute: new URL(config.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
    });
    return discovered;
  }
  const pending = new Map<string, Pending>();
  const show = (title: string, body: SafeHtml) => page(title, body, config.providerName);

  async function services(): Promise<CatalogService[]> {
    const response = await fetch(new URL('/catalog/services', config.issuer));
    if (!response.ok) throw new Error(`the catalog of ${config.issuer} answered ${response.status}`);
    const body = (await response.json()) as { services: CatalogService[] };
    return body.services.filter((service) => service.service_provider.id === config.serviceProviderId);
  }

  const router = new Router();
  router.get('/', async (ctx) => {
    let list: CatalogService[];
    try {
      list = await services();
    } catch (error) {
      ctx.status = 502;
      ctx.body = show('namens is niet bereikbaar', html`<p>De demo-app kan de dienstencatalogus van ${config.issuer} niet ophalen. Start namens eerst met <code>npm start</code>.</p><p class="error-detail">${String(error)}</p>`);
      return;
    }
    ctx.body = show(
      'Regel het online',
      html`<p class="utrecht-paragraph utrecht-paragraph--lead">Kies een dienst. U logt in bij namens en kiest daar of u voor uzelf handelt of namens iemand anders.</p>
<ul class="demo-services">${list.map(
        (service) => html`<li><form method="get" action="/login"><input type="hidden" name="service" value="${service.uuid}">
<button class="utrecht-button utrecht-button--primary-action" type="submit">${service.name.nl}</button></form>
<p>${service.description.nl}</p></li>`,
      )}</ul>`,
    );
  });

  router.get('/login', async (ctx) => {
    const uuid = typeof ctx.query.service === 'string' ? ctx.query.service : '';
    const service = (await services()).find((candidate) => candidate.uuid === uuid);
    if (!service) {
      ctx.status = 400;
      ctx.body = show('Onbekende dienst', html`<p>Deze dienst staat niet in de catalogus. <a class="utrecht-link" href="/">Kies een dienst</a>.</p>`);
      return;
    }
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const state = randomBytes(24).toString('base64url');
    const now = Date.now();
    for (const [key, value] of pending) if (value.expires < now) pending.delete(key);
    pending.set(state, { verifier, nonce, expires: now + PENDING_MS });
    ctx.cookies.set(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', maxAge: PENDING_MS });
    const url = client.buildAuthorizationUrl(await rp(), {
      redirect_uri: config.redirectUri,
      scope: `openid ${service.scope}`,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    ctx.redirect(url.href);
  });

  router.get('/callback', async (ctx: Context) => {
    const state = ctx.cookies.get(STATE_COOKIE);
    const started = state ? pending.get(state) : undefined;
    if (typeof ctx.query.error === 'string') {
      ctx.status = 400;
      ctx.body = show(
        'Niet gelukt',
        html`<p>namens gaf geen toegang: ${ctx.query.error === 'access_denied' ? 'u hebt geannuleerd, of u mag deze dienst niet voor uzelf of voor iemand anders gebruiken.' : ctx.query.error}</p>
${typeof ctx.query.error_description === 'string' ? html`<p class="error-detail">${ctx.query.error_description}</p>` : ''}
<p><a class="utrecht-link" href="/">Terug naar de diensten</a></p>`,
      );
      return;
    }
    if (!state || !started) {
      ctx.status = 400;
      ctx.body = show('Verlopen', html`<p>Deze inlogpoging is verlopen of niet in deze browser begonnen. <a class="utrecht-link" href="/">Begin opnieuw</a>.</p>`);
      return;
    }
    pending.delete(state);
    ctx.cookies.set(STATE_COOKIE, null);
    const configuration = await rp();
    const currentUrl = new URL(ctx.originalUrl, config.redirectUri);
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: started.verifier,
      expectedNonce: started.nonce,
      expectedState: state,
    });
    const claims = tokens.claims()!;
    const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    const detail = (claims.authorization_details as MandateDetail[] | undefined)?.[0] ?? (userinfo.authorization_details as MandateDetail[] | undefined)?.[0];
    const sentence = detail?.summary?.nl ?? `U bent ingelogd als ${claims.sub}.`;
    ctx.body = show(
      'Gelukt',
      html`<p class="utrecht-alert utrecht-alert--ok demo-summary" id="summary">${sentence}</p>
<p><a class="utrecht-link" href="/">Nog een dienst proberen</a></p>
<h2 class="utrecht-heading-2">ID token (gedecodeerd; iss, aud, nonce en exp gecontroleerd door openid-client)</h2>
${json(claims)}
<h2 class="utrecht-heading-2">Userinfo</h2>
${json(userinfo)}`,
    );
  });

  const koa = new Koa();
  koa.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.status = 502;
      ctx.type = 'html';
      ctx.body = show('Er ging iets mis', html`<p>De demo-app kon de login niet afmaken.</p><p class="error-detail">${String(error)}</p><p><a class="utrecht-link" href="/">Begin opnieuw</a></p>`);
    }
    ctx.set('Content-Security-Policy', "default-src 'self'; style-src 'self'; script-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  });
  koa.use((await staticRouter()).routes());
  koa.use(router.routes());
  return koa;
}
