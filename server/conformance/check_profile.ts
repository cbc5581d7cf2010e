// The provider MUSTs of the NL GOV Assurance profile for OpenID Connect (Logius, 1.0.1) that can be checked from
// outside, against a live namens: its discovery document, its JWKS and two probing authorization requests.
// Each check names the requirement it comes from. `npm run conformance` prints them; the suite runs them too.

export interface CheckResult {
  clause: string;
  requirement: string;
  pass: boolean;
  detail?: string;
}

interface Options {
  issuer: string;
  /** A registered client and redirect URI for the probing requests. */
  clientId: string;
  redirectUri: string;
  /** Also the requirements only the strict mode (NLGOV_PROFILE=strict) meets; false reports them as not checked. */
  strict?: boolean;
}

/**
 * What this tool does not check, with why or where it is checked instead; `npm run conformance` prints the list.
 * ProviderProfile clauses unless said otherwise.
 */
export const NOT_CHECKED: ReadonlyArray<{ clause: string; requirement: string; why: string }> = [
  { clause: 'ProviderProfile (Mandatory to Implement, Hybrid Flow)', requirement: 'OpenID Core 15.1/15.2 features', why: 'the profile itself forbids the hybrid flow; dynamic registration is replaced by the admin API and the command line (README, "Clients for production")' },
  { clause: 'ProviderProfile, Discovery document (registration_endpoint)', requirement: 'RECOMMENDED dynamic registration endpoint', why: 'not offered: clients are registered by an operator through the admin API' },
  { clause: 'ProviderProfile (CORS)', requirement: 'CORS headers, no wildcard origins (SHOULD NOT)', why: 'not met for the public documents: oidc-provider answers discovery and the JWKS with Access-Control-Allow-Origin *' },
  { clause: 'ProviderProfile, Caching', requirement: 'discovery and JWKS cacheable for at least a week (RECOMMENDED)', why: 'deviation: discovery 1 hour (the catalog\'s service scopes change at run time), JWKS 5 minutes (a rotated key is used at once); checked: that both can be cached' },
  { clause: 'ProviderProfile, Access Tokens', requirement: 'access tokens in JWT form', why: 'deviation: opaque by default, so an ended mandate is refused at once at userinfo and introspection; RFC 9068 JWTs per client (namens_access_token_format: "jwt")' },
  { clause: 'ProviderProfile, ID Tokens', requirement: 'signed; exp, iat, nbf, jti, nonce, acr and auth_time; at most five minutes', why: 'needs a login: checked by the spec suite (spec/flows/strict_profile.spec.ts, nl_gov_profile.spec.ts)' },
  { clause: 'ProviderProfile, Refresh Tokens', requirement: 'one-time use, expire after at most 6 hours unused', why: 'needs a login: checked by the spec suite (spec/flows/session.spec.ts)' },
  { clause: 'ProviderProfile, Request Objects', requirement: 'signed and encrypted request objects accepted; query parameters outside them ignored', why: 'needs a registered key: checked by the spec suite (spec/flows/nl_gov_profile.spec.ts); this tool checks what discovery says' },
  { clause: 'ProviderProfile, Token Request Validation', requirement: 'code_verifier checked against the challenge', why: 'needs a login: checked by the spec suite (spec/flows/authorization_code.spec.ts)' },
  { clause: 'ProviderProfile, Pairwise Identifiers', requirement: 'BSNs only for apps that may receive them', why: 'needs a login: checked by the spec suite (spec/domain/bsn_policy.spec.ts, spec/flows)' },
];

type Discovery = Record<string, unknown>;
const list = (discovery: Discovery, key: string) => (Array.isArray(discovery[key]) ? (discovery[key] as string[]) : []);
const LEVELS = ['http://eidas.europa.eu/LoA/low', 'http://eidas.europa.eu/LoA/substantial', 'http://eidas.europa.eu/LoA/high'];

async function probe(options: Options, params: Record<string, string>): Promise<string | null> {
  const url = new URL(`${options.issuer}/auth`);
  url.search = new URLSearchParams({ client_id: options.clientId, redirect_uri: options.redirectUri, scope: 'openid', state: 'conformance', ...params }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) return `status ${response.status}`;
  const back = new URL(location);
  // An error for a response type that answers in the fragment comes back in the fragment.
  return back.searchParams.get('error') ?? new URLSearchParams(back.hash.slice(1)).get('error');
}

export async function checkProfile(options: Options): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = (clause: string, requirement: string, pass: boolean, detail?: string) => results.push({ clause, requirement, pass, ...(detail ? { detail } : {}) });

  const response = await fetch(`${options.issuer}/.well-known/openid-configuration`);
  const discovery = (response.ok ? await response.json() : {}) as Discovery;
  check('OpenID Connect Discovery 1.0, section 4', 'discovery document published at /.well-known/openid-configuration', response.ok, `status ${response.status}`);
  check('OpenID Connect Discovery 1.0, section 4.3', 'issuer in the document equals the issuer it was fetched from', discovery.issuer === options.issuer, String(discovery.issuer));
  const { protocol, hostname } = new URL(options.issuer);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  check('NL GOV OIDC, Security considerations (TLS)', 'every endpoint is served over TLS (http only on localhost, for development)', protocol === 'https:' || local, protocol === 'https:' ? 'https' : 'http on localhost');

  check('NL GOV OIDC, Authorization Code Flow', 'only the authorization code flow: response_types_supported is ["code"]', JSON.stringify(list(discovery, 'response_types_supported')) === '["code"]');
  check('NL GOV OIDC, Authorization Request (PKCE)', 'PKCE with S256, and not plain', list(discovery, 'code_challenge_methods_supported').includes('S256') && !list(discovery, 'code_challenge_methods_supported').includes('plain'));
  check('NL GOV OIDC, Authorization Request (PKCE)', 'an authorization request without PKCE is refused', (await probe(options, { response_type: 'code' })) === 'invalid_request');
  check('NL GOV OIDC, Authorization Code Flow', 'an implicit request (response_type=token) is refused', (await probe(options, { response_type: 'token', nonce: 'n' })) !== null);
  check('NL GOV OIDC, Grant types', 'no implicit grant', !list(discovery, 'grant_types_supported').includes('implicit'));

  const clientAuth = list(discovery, 'token_endpoint_auth_methods_supported');
  check('NL GOV OIDC, Client Authentication', 'private_key_jwt supported', clientAuth.includes('private_key_jwt'));
  check('NL GOV OIDC, Client Authentication', 'mutual TLS (tls_client_auth) supported', clientAuth.includes('tls_client_auth'));
  check('NL GOV OIDC, Request Objects', 'signed request objects (request parameter) supported', discovery.request_parameter_supported === true && list(discovery, 'request_object_signing_alg_values_supported').length > 0);
  check('NL GOV OIDC, Request Objects', 'encrypted request objects supported', list(discovery, 'request_object_encryption_alg_values_supported').length > 0);
  check('RFC 9126 (PAR)', 'pushed authorization request endpoint published', typeof discovery.pushed_authorization_request_endpoint === 'string');
  check('NL GOV OIDC, Claims parameter', 'the claims request parameter supported', discovery.claims_parameter_supported === true);
  check('NL GOV OIDC, Authentication context (acr)', 'acr_values_supported lists the eIDAS levels low, substantial and high', LEVELS.every((level) => list(discovery, 'acr_values_supported').includes(level)));
  check('NL GOV OIDC, Subject identifiers', 'pairwise subject identifiers supported', list(discovery, 'subject_types_supported').includes('pairwise'));

  const signing = list(discovery, 'id_token_signing_alg_values_supported');
  check('NL GOV OIDC, ID Token (signing)', 'ID tokens signed with PS256 (and ES256); never unsigned', signing.includes('PS256') && signing.includes('ES256') && !signing.includes('none'));
  check('NL GOV OIDC, ID Token (encryption)', 'ID tokens encrypted on request with RSA-OAEP-256 or ECDH-ES and A256GCM', ['RSA-OAEP-256', 'ECDH-ES'].every((alg) => list(discovery, 'id_token_encryption_alg_values_supported').includes(alg)) && list(discovery, 'id_token_encryption_enc_values_supported').includes('A256GCM'));
  for (const claim of ['sub', 'sub_id_type', 'acr', 'auth_time', 'represents', 'authorization_details']) {
    check('NL GOV OIDC, Claims (Representation relationships)', `claims_supported lists ${claim}`, list(discovery, 'claims_supported').includes(claim));
  }
  check('RFC 9396 (RAR)', 'authorization_details_types_supported lists namens:mandate', list(discovery, 'authorization_details_types_supported').includes('namens:mandate'));

  for (const endpoint of ['userinfo_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'end_session_endpoint']) {
    check('NL GOV OIDC, Endpoints', `${endpoint} published`, typeof discovery[endpoint] === 'string');
  }
  check('OpenID Connect Back-Channel Logout 1.0', 'back-channel logout supported', discovery.backchannel_logout_supported === true);

  // The discovery document's REQUIRED members (ProviderProfile, Discovery document).
  for (const member of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'scopes_supported', 'response_types_supported', 'grant_types_supported', 'claims_supported', 'subject_types_supported', 'token_endpoint_auth_methods_supported', 'id_token_signing_alg_values_supported', 'userinfo_signing_alg_values_supported', 'request_object_signing_alg_values_supported']) {
    check('NL GOV OIDC, Discovery document', `${member} published (REQUIRED)`, discovery[member] !== undefined && !(Array.isArray(discovery[member]) && (discovery[member] as unknown[]).length === 0));
  }
  check('NL GOV OIDC, Discovery document', 'scopes_supported lists openid', list(discovery, 'scopes_supported').includes('openid'));
  check('NL GOV OIDC, UserInfo Endpoint', 'userinfo as a signed JWT (userinfo_signing_alg_values_supported) with PS256', list(discovery, 'userinfo_signing_alg_values_supported').includes('PS256'));
  check('NL GOV OIDC, Authentication context', 'no amr: claims_supported does not list it (MUST NOT)', !list(discovery, 'claims_supported').includes('amr'));
  const subIdTypes = list(discovery, 'sub_id_types_supported');
  check('NL GOV OIDC, Discovery document (sub_id_types_supported)', 'subject identifier types published, each a URI', subIdTypes.length > 0 && subIdTypes.every((type) => /^[a-z][a-z0-9+.-]*:/i.test(type)), subIdTypes.join(' '));
  check('NL GOV OIDC, Discovery document (require_request_uri_registration)', 'request_uri by reference only when pre-registered: require_request_uri_registration true whenever request_uri_parameter_supported',
    discovery.request_uri_parameter_supported === false || discovery.require_request_uri_registration === true);
  const oauthMetadata = await fetch(`${options.issuer}/.well-known/oauth-authorization-server`);
  const oauthIssuer = oauthMetadata.ok ? ((await oauthMetadata.json()) as Discovery).issuer : undefined;
  check('NL GOV OIDC, Discovery endpoint', 'the document also at /.well-known/oauth-authorization-server (SHOULD)', oauthIssuer === options.issuer, `status ${oauthMetadata.status}`);
  const webfinger = await fetch(`${options.issuer}/.well-known/webfinger?resource=acct:jan@${hostname}&rel=http://openid.net/specs/connect/1.0/issuer`);
  check('NL GOV OIDC, Discovery endpoint', 'no WebFinger (MUST NOT be supported)', webfinger.status === 404, `status ${webfinger.status}`);
  check('NL GOV OIDC, Caching', 'the discovery document may be cached (Cache-Control with max-age)', /max-age=\d+/.test(response.headers.get('cache-control') ?? ''), response.headers.get('cache-control') ?? 'none');
  if (options.strict ?? true) {
    check('NL GOV OIDC, Discovery document (token_endpoint_auth_methods_supported)', 'only private_key_jwt and tls_client_auth', clientAuth.length > 0 && clientAuth.every((method) => ['private_key_jwt', 'tls_client_auth'].includes(method)), clientAuth.join(' '));
    check('NL GOV OIDC, Discovery document (grant_types_supported)', 'grant_types_supported is ["authorization_code"]', JSON.stringify(list(discovery, 'grant_types_supported')) === '["authorization_code"]', list(discovery, 'grant_types_supported').join(' '));
  }

  // Algorithms (NL GOV OIDC, Considerations): RS256 MUST, PS256 SHOULD; RSA-OAEP MUST, RSA-OAEP-256 SHOULD; A256GCM MUST;
  // nothing weaker (none, RSA1_5, HS* with shared secrets, A128*).
  const WEAK = ['none', 'RSA1_5', 'HS256', 'HS384', 'HS512', 'A128KW', 'A192KW', 'dir', 'A128CBC-HS256', 'A128GCM', 'A192GCM'];
  for (const member of ['id_token_signing_alg_values_supported', 'userinfo_signing_alg_values_supported', 'request_object_signing_alg_values_supported', 'token_endpoint_auth_signing_alg_values_supported']) {
    check('NL GOV OIDC, Algorithms (signing)', `${member}: RS256 (MUST) and PS256 (SHOULD)`, ['RS256', 'PS256'].every((alg) => list(discovery, member).includes(alg)), list(discovery, member).join(' '));
  }
  for (const member of ['id_token_encryption_alg_values_supported', 'userinfo_encryption_alg_values_supported', 'request_object_encryption_alg_values_supported']) {
    check('NL GOV OIDC, Algorithms (key encryption)', `${member}: RSA-OAEP (MUST) and RSA-OAEP-256 (SHOULD)`, ['RSA-OAEP', 'RSA-OAEP-256'].every((alg) => list(discovery, member).includes(alg)), list(discovery, member).join(' '));
  }
  for (const member of ['id_token_encryption_enc_values_supported', 'userinfo_encryption_enc_values_supported', 'request_object_encryption_enc_values_supported']) {
    check('NL GOV OIDC, Algorithms (content encryption)', `${member}: A256GCM (MUST)`, list(discovery, member).includes('A256GCM'), list(discovery, member).join(' '));
  }
  const weak = Object.entries(discovery).filter(([key]) => /_alg_values_supported$|_enc_values_supported$/.test(key)).flatMap(([, values]) => (Array.isArray(values) ? values : [])).filter((alg) => WEAK.includes(alg));
  check('NL GOV OIDC, Algorithms', 'nothing less secure than RS256, RSA-OAEP and A256GCM offered (MUST NOT)', weak.length === 0, weak.join(' '));

  const jwksResponse = typeof discovery.jwks_uri === 'string' ? await fetch(discovery.jwks_uri) : undefined;
  const jwks = (jwksResponse?.ok ? await jwksResponse.json() : { keys: [] }) as { keys: Array<Record<string, string>> };
  check('NL GOV OIDC, Keys (JWKS)', 'JWKS published at jwks_uri', jwksResponse?.ok === true && jwks.keys.length > 0);
  check('NL GOV OIDC, Keys (JWKS)', 'every key has kid, use and alg', jwks.keys.every((key) => key.kid && key.use && key.alg));
  check('NL GOV OIDC, Keys (JWKS)', 'no private key material published', jwks.keys.every((key) => key.d === undefined && key.p === undefined));
  for (const alg of ['PS256', 'RS256']) check('NL GOV OIDC, Keys (JWKS)', `a ${alg} signing key is published`, jwks.keys.some((key) => key.use === 'sig' && key.alg === alg));
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256']) check('NL GOV OIDC, Keys (JWKS)', `an ${alg} encryption key is published`, jwks.keys.some((key) => key.use === 'enc' && key.alg === alg));
  check('NL GOV OIDC, Keys (JWKS)', 'the JWKS may be cached (Cache-Control with max-age)', /max-age=\d+/.test(jwksResponse?.headers.get('cache-control') ?? ''));
  return results;
}
