// The rules for the apps that use namens (clients): which authentication methods and algorithms exist, which
// combinations of metadata make sense, and how a client secret is kept. The admin API and the command line register
// and change clients through server/clients/, which applies these rules; oidc-provider's client schema checks again.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { redirectUriProblem } from './redirect_uris.ts';

/** Every way a client can authenticate at the token endpoint (and introspection, revocation, PAR). */
export const CLIENT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth', 'client_secret_basic', 'client_secret_post', 'none'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** The methods that use a shared secret: the only ones for which namens makes and keeps one. */
export const SECRET_AUTH_METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post'];

/** The NL GOV profile's algorithms (Considerations, Algorithms) and ES256; provider.ts enables exactly these. */
export const CLIENT_SIGNING_ALGS = ['ES256', 'PS256', 'RS256'] as const;
export const CLIENT_ENCRYPTION_ALGS = ['RSA-OAEP-256', 'RSA-OAEP', 'ECDH-ES'] as const;
export const CLIENT_ENCRYPTION_ENCS = ['A256GCM'] as const;

/** What the NL GOV Assurance profile allows at the token endpoint (ProviderProfile, token_endpoint_auth_methods_supported). */
export const PROFILE_AUTH_METHODS: readonly ClientAuthMethod[] = ['private_key_jwt', 'tls_client_auth'];

/** `strict`: only what the NL GOV Assurance profile allows; `relaxed`: also secrets and public clients. */
export type ProfileMode = 'strict' | 'relaxed';

export const usesSecret = (method: unknown) => SECRET_AUTH_METHODS.includes(method as ClientAuthMethod);

const TLS_SUBJECT_PROPERTIES = ['tls_client_auth_subject_dn', 'tls_client_auth_san_dns', 'tls_client_auth_san_uri', 'tls_client_auth_san_email'] as const;
const URI_PROPERTIES = ['backchannel_logout_uri', 'jwks_uri', 'client_uri', 'logo_uri', 'policy_uri', 'tos_uri'] as const;

export interface ClientProblem {
  pointer: string;
  message: string;
}

// any: metadata that has passed the client JSON Schema (server/validation/schemas.ts); each rule reads its fields.
type Metadata = Record<string, any>;

/** What is wrong with a client's metadata across fields (the schema has checked each field on its own). */
export function clientProblems(metadata: Metadata): ClientProblem[] {
  const problems: ClientProblem[] = [];
  const uris = (name: 'redirect_uris' | 'post_logout_redirect_uris') =>
    ((metadata[name] ?? []) as string[]).forEach((uri, i) => {
      const problem = redirectUriProblem(uri);
      if (problem) problems.push({ pointer: `/${name}/${i}`, message: problem });
    });
  uris('redirect_uris');
  uris('post_logout_redirect_uris');
  for (const name of URI_PROPERTIES) {
    if (metadata[name] === undefined) continue;
    const problem = redirectUriProblem(metadata[name] as string);
    if (problem) problems.push({ pointer: `/${name}`, message: problem });
  }

  const grants: string[] = metadata.grant_types ?? [];
  const method = metadata.token_endpoint_auth_method as ClientAuthMethod;
  const hasKeys = metadata.jwks !== undefined || metadata.jwks_uri !== undefined;
  if (grants.includes('authorization_code') && !(metadata.redirect_uris ?? []).length) {
    problems.push({ pointer: '/redirect_uris', message: 'an authorization_code client needs at least one redirect URI' });
  }
  if (grants.includes('refresh_token') && !grants.includes('authorization_code')) {
    problems.push({ pointer: '/grant_types', message: 'refresh_token needs authorization_code' });
  }
  if (method === 'none' && grants.includes('client_credentials')) {
    problems.push({ pointer: '/token_endpoint_auth_method', message: 'a client_credentials client must authenticate' });
  }
  if (method === 'none' && metadata.namens_resource_server === true) {
    problems.push({ pointer: '/namens_resource_server', message: 'a resource server must authenticate' });
  }
  if (metadata.jwks !== undefined && metadata.jwks_uri !== undefined) {
    problems.push({ pointer: '/jwks_uri', message: 'register jwks or jwks_uri, not both' });
  }
  if (method === 'private_key_jwt' && !hasKeys) {
    problems.push({ pointer: '/jwks', message: 'private_key_jwt needs the app\'s public keys: jwks or jwks_uri' });
  }
  if (method === 'self_signed_tls_client_auth' && !hasKeys) {
    problems.push({ pointer: '/jwks', message: 'self_signed_tls_client_auth needs the certificate\'s key in jwks or jwks_uri' });
  }
  const subjects = TLS_SUBJECT_PROPERTIES.filter((name) => metadata[name] !== undefined);
  if (method === 'tls_client_auth' && subjects.length !== 1) {
    problems.push({ pointer: '/tls_client_auth_subject_dn', message: `tls_client_auth needs exactly one of ${TLS_SUBJECT_PROPERTIES.join(', ')}` });
  }
  if (method !== 'tls_client_auth' && subjects.length) {
    problems.push({ pointer: `/${subjects[0]}`, message: 'only a tls_client_auth client registers a certificate subject' });
  }
  for (const response of ['id_token', 'userinfo'] as const) {
    const alg = `${response}_encrypted_response_alg`;
    const enc = `${response}_encrypted_response_enc`;
    if (metadata[enc] !== undefined && metadata[alg] === undefined) problems.push({ pointer: `/${enc}`, message: `${enc} needs ${alg}` });
    if (metadata[alg] !== undefined && !hasKeys) problems.push({ pointer: `/${alg}`, message: 'encryption needs the app\'s public keys: jwks or jwks_uri' });
  }
  if (metadata.backchannel_logout_session_required !== undefined && metadata.backchannel_logout_uri === undefined) {
    problems.push({ pointer: '/backchannel_logout_session_required', message: 'needs backchannel_logout_uri' });
  }
  return problems;
}

/**
 * What the NL GOV Assurance profile does not allow in a client (strict mode): an authentication method other than
 * private_key_jwt or tls_client_auth, and a redirect URI that is not https (ClientProfile, redirect_uris: http only for
 * a native app on a loopback IP literal, never `localhost`).
 */
export function profileProblems(metadata: Metadata): ClientProblem[] {
  const problems: ClientProblem[] = [];
  if (!PROFILE_AUTH_METHODS.includes(metadata.token_endpoint_auth_method)) {
    problems.push({ pointer: '/token_endpoint_auth_method', message: `the NL GOV profile allows only ${PROFILE_AUTH_METHODS.join(' and ')} (NLGOV_PROFILE=strict)` });
  }
  for (const name of ['redirect_uris', 'post_logout_redirect_uris'] as const) {
    ((metadata[name] ?? []) as string[]).forEach((uri, i) => {
      const { protocol, hostname } = new URL(uri);
      if (protocol !== 'https:' && !(protocol === 'http:' && ['127.0.0.1', '[::1]'].includes(hostname))) {
        problems.push({ pointer: `/${name}/${i}`, message: 'the NL GOV profile needs https (http only on 127.0.0.1 or [::1] for a native app) (NLGOV_PROFILE=strict)' });
      }
    });
  }
  return problems;
}

/**
 * Whether a stored client may be used in this mode. namens' own /mijn app (a public client inside namens, never an
 * app of a service provider) is always allowed.
 */
export const allowedInMode = (mode: ProfileMode, metadata: Metadata, ownApp: boolean) =>
  mode === 'relaxed' || ownApp || PROFILE_AUTH_METHODS.includes(metadata.token_endpoint_auth_method);

// ---- secrets ----------------------------------------------------------------------------------------------------------
// A client secret is 256 random bits, shown once. namens keeps only its SHA-256: with that much entropy a slow
// password hash adds nothing (RFC 6819 5.1.4.1.3), and no symmetric algorithm that needs the secret itself is enabled.

const HASH_PREFIX = 'sha256:';

export const generateClientSecret = () => randomBytes(32).toString('base64url');

export const hashClientSecret = (secret: string) => HASH_PREFIX + createHash('sha256').update(secret, 'utf8').digest('base64url');

/** Whether the presented secret is the one whose hash is stored; a stored value that is no hash never matches. */
export function clientSecretMatches(stored: unknown, presented: unknown): boolean {
  if (typeof stored !== 'string' || !stored.startsWith(HASH_PREFIX) || typeof presented !== 'string') return false;
  const expected = Buffer.from(stored.slice(HASH_PREFIX.length), 'base64url');
  const actual = createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
