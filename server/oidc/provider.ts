// The oidc-provider configuration of namens: every deviation from the library's defaults is here, with why.
import { X509Certificate } from 'node:crypto';
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import type { AuditLog } from '../domain/repositories.ts';
import { LEVELS_OF_ASSURANCE, levelRank, requiredLevel } from '../domain/services.ts';
import { errorPage } from '../../views/error.ts';
import { loggedOutPage, logoutPage } from '../../views/logout.ts';
import { NAMENS_CLIENT_METADATA } from './adapter.ts';
import { confirmedChoice } from './find_account.ts';
import type { RecheckChoice } from './recheck_choice.ts';
import { refuseEndedIntrospection } from './refuse_ended_introspection.ts';
import { MANDATE_DETAIL_TYPE, namesService, type RequestedServiceResolver } from './requested_service.ts';
import { describeOAuthError } from './describe_error.ts';
import type { ServiceScopes } from './service_scopes.ts';
import { pairwisePseudonym } from './pairwise.ts';
import { compareHashedClientSecrets } from './compare_client_secret.ts';
import { CLIENT_AUTH_METHODS, CLIENT_ENCRYPTION_ALGS, CLIENT_ENCRYPTION_ENCS, CLIENT_SIGNING_ALGS, PROFILE_AUTH_METHODS, type ProfileMode } from '../domain/clients.ts';
import { addNotBefore } from './add_not_before.ts';
import { answerFaults, RequestFault } from './answer_faults.ts';
import { shapeDiscovery } from './shape_discovery.ts';
import { pseudonymiseEmployees } from './pseudonymise_employees.ts';
import { isEmployeeAccount, subjectKeyOf } from '../domain/agents.ts';
import { MIJN_CLIENT_ID } from '../mijn/mijn_client.ts';
import { ADMIN_SCOPE, adminResource, adminResourceServerInfo, hasAdminScope } from './admin_resource.ts';
import { DECISIONS_SCOPE, decisionsResource, decisionsResourceServerInfo, hasDecisionsScope } from './decisions_resource.ts';
import { isTrustedProxy } from '../http/strip_forwarded_headers.ts';

const { Prompt, Check, base } = interactionPolicy;

export interface ProviderDeps {
  issuer: string;
  cookieKeys: string[];
  jwks: { keys: JWK[] };
  adapter: NonNullable<Configuration['adapter']>;
  findAccount: NonNullable<Configuration['findAccount']>;
  /** The re-check findAccount makes, for the token surfaces that do not go through findAccount (introspection). */
  recheck: RecheckChoice;
  services: RequestedServiceResolver;
  serviceScopes: ServiceScopes;
  audit: AuditLog;
  idTokenTtlSeconds: number;
  pairwiseSalt: string;
  /** Addresses of proxies trusted to pass a client certificate, and the header they use. */
  trustedProxies: string[];
  clientCertHeader: string;
  /** Outside production, apps on this machine (localhost) may receive back-channel logouts and be fetched from. */
  allowLoopbackFetch: boolean;
  clock: () => Date;
  /** NLGOV_PROFILE: strict offers only what the NL GOV Assurance profile allows (shape_discovery.ts, adapter.ts). */
  profile: ProfileMode;
}

/** The client certificate a trusted TLS-terminating proxy passed on; from anywhere else the header is ignored. */
function certificateFrom(ctx: KoaContextWithOIDC, trustedProxies: readonly string[], header: string): X509Certificate | undefined {
  if (!isTrustedProxy(ctx.req.socket.remoteAddress, trustedProxies)) return undefined;
  const value = ctx.get(header);
  if (!value) return undefined;
  try {
    return new X509Certificate(decodeURIComponent(value));
  } catch {
    return undefined;
  }
}

/** Whether the certificate has the subject DN or subject alternative name the client registered for tls_client_auth. */
function certificateMatches(certificate: X509Certificate | undefined, property: string, expected: string): boolean {
  if (!certificate) return false;
  const normalise = (dn: string) => dn.split(/[,\n]/).map((part) => part.trim()).filter(Boolean).sort().join(',');
  switch (property) {
    case 'tls_client_auth_subject_dn':
      return normalise(certificate.subject) === normalise(expected);
    case 'tls_client_auth_san_dns':
      return (certificate.subjectAltName ?? '').split(', ').includes(`DNS:${expected}`);
    case 'tls_client_auth_san_uri':
      return (certificate.subjectAltName ?? '').split(', ').includes(`URI:${expected}`);
    case 'tls_client_auth_san_email':
      return (certificate.subjectAltName ?? '').split(', ').includes(`email:${expected}`);
    default:
      return false;
  }
}

/** The level of assurance this request needs (domain/services.ts: the service's level, raised by acr_values). */
async function requiredLevelOf(ctx: KoaContextWithOIDC, services: RequestedServiceResolver): Promise<string | undefined> {
  const client = ctx.oidc.client as unknown as { service_provider_ids?: string[] };
  const service = await services.resolve(ctx.oidc.params as Record<string, unknown>, client.service_provider_ids ?? []);
  return requiredLevel(service?.loa, ctx.oidc.params?.acr_values);
}

/** login (again, when the level reached is below what is needed) → select_mandate (when the request names a service) → consent. */
function interactionPolicyWithMandates(services: RequestedServiceResolver) {
  const policy = base();
  policy.get('login')!.checks.add(
    new Check('loa_too_low', 'the login reached a lower level of assurance than the service or acr_values need', async (ctx) => {
      if (!ctx.oidc.session?.accountId) return Check.NO_NEED_TO_PROMPT;
      const required = await requiredLevelOf(ctx, services);
      return required && levelRank(ctx.oidc.acr ?? '') < levelRank(required) ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }, async (ctx) => ({ required_acr: await requiredLevelOf(ctx, services) })),
  );
  // Mijn machtigingen is for persons: a session of an employee (eHerkenning, an account id that is no BSN) logs in again.
  policy.get('login')!.checks.add(
    new Check('person_required', 'Mijn machtigingen needs a login as a person', (ctx) =>
      ctx.oidc.client?.clientId === MIJN_CLIENT_ID && ctx.oidc.session?.accountId && isEmployeeAccount(ctx.oidc.session.accountId)
        ? Check.REQUEST_PROMPT
        : Check.NO_NEED_TO_PROMPT,
    ),
  );
  policy.add(
    new Prompt(
      { name: 'select_mandate', requestable: false },
      new Check('mandate_not_selected', 'the request names a service, so the user chooses on whose behalf they act', (ctx) =>
        namesService(ctx.oidc.params as Record<string, unknown>) && !ctx.oidc.result?.select_mandate
          ? Check.REQUEST_PROMPT
          : Check.NO_NEED_TO_PROMPT,
      ),
    ),
    1,
  );
  // A choice made in this request travels in a grant made for it; until then consent is due, whatever grant the session has.
  policy.get('consent')!.checks.add(
    new Check('mandate_not_granted', 'the chosen mandate is not yet part of a grant', (ctx) =>
      ctx.oidc.result?.select_mandate && !ctx.oidc.result?.consent ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT,
    ),
    0,
  );
  return policy;
}

export function createProvider(deps: ProviderDeps): Provider {
  const configuration: Configuration = {
    adapter: deps.adapter,
    findAccount: deps.findAccount,
    jwks: deps.jwks,
    cookies: { keys: deps.cookieKeys },
    scopes: ['openid', 'offline_access', ADMIN_SCOPE, DECISIONS_SCOPE],
    claims: {
      // acr and auth_time always: the level and moment of login matter to every app (NL GOV), asked for or not.
      openid: ['sub', 'sub_id_type', 'represents', 'authorization_details', 'acr', 'auth_time', 'jti'],
    },
    acrValues: [...LEVELS_OF_ASSURANCE],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      authorization_details_types: [MANDATE_DETAIL_TYPE],
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: 'ES256',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    // The NL GOV profile's Algorithms (Considerations): signing RS256 (MUST), PS256 (SHOULD, RECOMMENDED over RS256)
    // and ES256 (namens' default); key encryption RSA-OAEP (MUST), RSA-OAEP-256 (SHOULD) and ECDH-ES; content
    // encryption A256GCM (MUST) only. Nothing weaker, and nothing symmetric (client secrets are stored as hashes).
    enabledJWA: {
      idTokenSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      userinfoSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      introspectionSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      authorizationSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      requestObjectSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      clientAuthSigningAlgValues: [...CLIENT_SIGNING_ALGS],
      idTokenEncryptionAlgValues: [...CLIENT_ENCRYPTION_ALGS],
      idTokenEncryptionEncValues: [...CLIENT_ENCRYPTION_ENCS],
      userinfoEncryptionAlgValues: [...CLIENT_ENCRYPTION_ALGS],
      userinfoEncryptionEncValues: [...CLIENT_ENCRYPTION_ENCS],
      requestObjectEncryptionAlgValues: [...CLIENT_ENCRYPTION_ALGS],
      requestObjectEncryptionEncValues: [...CLIENT_ENCRYPTION_ENCS],
    },
    // oidc-provider refuses outgoing requests to special-use addresses (SSRF protection); development apps live on
    // localhost, so outside production loopback is allowed. Everything else keeps the protection.
    fetch: (url, options) => {
      const { hostname } = new URL(url);
      if (deps.allowLoopbackFetch && ['localhost', '127.0.0.1', '[::1]'].includes(hostname)) {
        const { dispatcher: _protected, ...rest } = options as RequestInit & { dispatcher?: unknown };
        return fetch(url, rest);
      }
      return fetch(url, options);
    },
    // Clients of providers that may not receive BSNs are pairwise (server/oidc/adapter.ts).
    subjectTypes: ['public', 'pairwise'],
    // An employee's account id also names the organisation of the login: the pseudonym stands for the employee alone.
    pairwiseIdentifier: (_ctx, accountId, client) =>
      pairwisePseudonym(deps.pairwiseSalt, String(client.sectorIdentifier), subjectKeyOf(String(accountId))),
    // Every method a client can be registered with (domain/clients.ts); secrets are stored hashed (compare_client_secret.ts).
    // Strict mode: the profile's two, and `none` for namens' own /mijn app only (the adapter hides other public clients).
    clientAuthMethods: deps.profile === 'strict' ? [...PROFILE_AUTH_METHODS, 'none'] : [...CLIENT_AUTH_METHODS],
    // Refresh tokens rotate on every use; each lives 6 hours (ttl.RefreshToken), so one unused for 6 hours expires.
    rotateRefreshToken: () => true,
    extraClientMetadata: {
      properties: [...NAMENS_CLIENT_METADATA],
      validator(_ctx, key, value) {
        if (key === 'first_party' && value !== undefined && typeof value !== 'boolean') {
          throw new errors.InvalidClientMetadata('first_party must be a boolean');
        }
        if (key === 'namens_resource_server' && value !== undefined && typeof value !== 'boolean') {
          throw new errors.InvalidClientMetadata('namens_resource_server must be a boolean');
        }
        if (key === 'namens_access_token_format' && value !== undefined && value !== 'jwt' && value !== 'opaque') {
          throw new errors.InvalidClientMetadata('namens_access_token_format must be "jwt" or "opaque"');
        }
        if (key === 'service_provider_ids' && value !== undefined && !(Array.isArray(value) && value.every((id) => typeof id === 'string'))) {
          throw new errors.InvalidClientMetadata('service_provider_ids must be an array of strings');
        }
      },
    },
    // `scope` as an "extra" parameter: its validator runs after the redirect URI and PKCE checks, so a refused
    // service reaches the app as an OAuth error on its callback. It reads the raw scope, in which service scopes
    // (urn:uuid:…) are still present: the catalog changes at run time, so they are not in the static scope list.
    extraParams: {
      async scope(ctx, _value, client) {
        const unknown = deps.serviceScopes.unknownIn(ctx);
        if (unknown.length) throw new errors.InvalidScope(`unknown service ${unknown.join(', ')}; see /catalog/services`, unknown.join(' '));
        const providers = (client as unknown as { service_provider_ids?: string[] }).service_provider_ids ?? [];
        await deps.services.resolve(ctx.oidc.params as Record<string, unknown>, providers);
      },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // An app revokes its own tokens only.
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          throw new errors.InvalidRequest('a client may revoke only its own tokens');
        },
      },
      userinfo: { enabled: true },
      // Userinfo as a signed (optionally encrypted) JWT for clients registered with userinfo_signed_response_alg.
      jwtUserinfo: { enabled: true },
      // Introspection for a token's own client and for resource servers (clients registered with
      // namens_resource_server: true): never for another app, which would learn someone else's mandates.
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) =>
          token.clientId === client.clientId || (client as unknown as { namens_resource_server?: boolean }).namens_resource_server === true,
      },
      claimsParameter: { enabled: true },
      backchannelLogout: { enabled: true },
      encryption: { enabled: true },
      // PAR and signed (optionally encrypted) request objects; a client can require either with
      // `require_pushed_authorization_requests` and `require_signed_request_object`.
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      requestObjects: { enabled: true },
      // Mutual TLS behind a TLS-terminating proxy: the certificate counts only when the request comes from a trusted proxy.
      mTLS: {
        enabled: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: true,
        certificateBoundAccessTokens: false,
        getCertificate: (ctx) => certificateFrom(ctx, deps.trustedProxies, deps.clientCertHeader),
        // The trusted proxy validated the chain (PKIoverheid in production) before passing the certificate on.
        certificateAuthorized: () => true,
        certificateSubjectMatches: (ctx, property, expected) =>
          certificateMatches(certificateFrom(ctx, deps.trustedProxies, deps.clientCertHeader), property, expected),
      },
      // Rich authorization requests need resource indicators, and a resource for every RAR request: namens
      // itself (opaque tokens; with `openid` the access token still serves userinfo). The same hook is the first
      // to see the raw scope parameter, so service scopes are learnt from it there.
      resourceIndicators: {
        enabled: true,
        async defaultResource(ctx, client, oneOf) {
          if (oneOf) return oneOf;
          if (ctx.oidc.params?.grant_type === 'client_credentials') {
            // A back office (decisions scope, no admin scope) asks the decision API; operator tooling the admin API.
            const scope = (client as unknown as { scope?: string } | undefined)?.scope;
            return hasDecisionsScope(scope) && !hasAdminScope(scope) ? decisionsResource(deps.issuer) : adminResource(deps.issuer);
          }
          await deps.serviceScopes.learnFrom(ctx);
          return ctx.oidc.params?.authorization_details ? deps.issuer : undefined;
        },
        getResourceServerInfo(_ctx, resource, client) {
          if (resource === adminResource(deps.issuer)) return adminResourceServerInfo(deps.issuer, client);
          if (resource === decisionsResource(deps.issuer)) return decisionsResourceServerInfo(deps.issuer, client);
          if (resource !== deps.issuer) throw new errors.InvalidTarget('namens serves no resource but itself');
          // RFC 9068 JWT access tokens (carrying authorization_details for downstream APIs) for clients registered
          // with namens_access_token_format "jwt" that name namens as the resource; opaque otherwise.
          const jwt = (client as unknown as { namens_access_token_format?: string } | undefined)?.namens_access_token_format === 'jwt';
          return jwt
            ? { scope: '', audience: deps.issuer, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } }
            : { scope: '', audience: deps.issuer, accessTokenFormat: 'opaque' };
        },
        useGrantedResource: () => false,
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage(form, ctx.oidc.client?.clientName);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = loggedOutPage(ctx.oidc.client?.clientName);
        },
      },
      richAuthorizationRequests: {
        enabled: true,
        types: {
          [MANDATE_DETAIL_TYPE]: {
            validate(_ctx, detail) {
              const { type: _type, service, ...rest } = detail as { type: string; service?: unknown };
              if (typeof service !== 'string' || service.length === 0 || service.length > 200) {
                throw new errors.InvalidAuthorizationDetails(`${MANDATE_DETAIL_TYPE} needs "service": a service UUID or URN id`);
              }
              const unknown = Object.keys(rest);
              if (unknown.length) {
                throw new errors.InvalidAuthorizationDetails(`${MANDATE_DETAIL_TYPE} does not take ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
              }
            },
          },
        },
        // A choice belongs to one login (DESIGN.md, flow step 6): what the person chose goes into the code of the
        // authorization request in which they chose it, and from that code (or its refresh tokens) into tokens. A later
        // request that reuses the session's grant without a choice of its own (no service named, prompt=none) gets
        // none of it: that is a login for oneself. The result holds select_mandate only in the interaction it was made.
        authorizationDetailsForGrantSource: (ctx) => (ctx.oidc.result?.select_mandate ? (ctx.oidc.grant?.rar ?? []) : []),
        authorizationDetailsForAccessToken: (_ctx, _token, source) => source?.rar ?? [],
        authorizationDetailsForIntrospection: (_ctx, token) => token.rar ?? [],
      },
    },
    interactions: {
      policy: interactionPolicyWithMandates(deps.services),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    ttl: {
      AccessToken: 600,
      ClientCredentials: 3600,
      AuthorizationCode: 60,
      IdToken: deps.idTokenTtlSeconds,
      Interaction: 900,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 6 * 3600,
    },
    async renderError(ctx, out, error) {
      ctx.type = 'html';
      ctx.body = errorPage(describeOAuthError(out, error));
    },
  };

  const provider = new Provider(deps.issuer, configuration);
  compareHashedClientSecrets(provider);
  addNotBefore(provider);
  provider.use(answerFaults(provider)); // first: around all of namens' own middleware below
  provider.use(shapeDiscovery(deps.profile));
  pseudonymiseEmployees(provider, deps.pairwiseSalt);
  provider.use(cacheJwks);
  provider.use(recordMandateUse(deps));
  provider.use(refuseEndedIntrospection(deps.recheck));
  return provider;
}

/**
 * Apps may cache the JWKS for 5 minutes: a retired key stays published far longer (KEY_RETENTION_SECONDS), and an
 * app that meets an unknown kid fetches the set again.
 */
async function cacheJwks(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
  await next();
  if (ctx.oidc?.route === 'jwks' && ctx.status === 200) ctx.set('Cache-Control', 'public, max-age=300');
}

/**
 * After a successful token response with an ID token for a mandate: one audit row (agent, principal, service, client,
 * mandate, time), which carries this login's decisions for the decision log (the selection screen's and the token's).
 */
function recordMandateUse(deps: ProviderDeps) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: unknown } | undefined;
    const choice = confirmedChoice(ctx);
    if (!body?.id_token || choice?.option.kind !== 'mandate') return;
    const code = ctx.oidc.entities.AuthorizationCode as { iat?: number } | undefined;
    // No row, no tokens: the response already made is replaced by an OAuth error (answer_faults.ts); its tokens were
    // stored but are never seen.
    try {
      await deps.audit.recordMandateUse({
        agent: choice.agent,
        option: choice.option,
        service: choice.service,
        clientId: ctx.oidc.client!.clientId,
        grantType: String(ctx.oidc.params?.grant_type),
        at: deps.clock(),
        // The code was issued right after the choice was confirmed on the selection screen (a refresh made no choice).
        ...(code?.iat ? { chosenAt: new Date(code.iat * 1000) } : {}),
      });
    } catch (error) {
      throw new RequestFault('the use of the mandate could not be recorded; no tokens were issued', { cause: error });
    }
  };
}
