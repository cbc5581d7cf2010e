// LOGIN_METHODS and UPSTREAM_PROVIDERS: how people log in. Parsed and checked here (ajv), so that a bad value stops
// the process naming the variable, like every other setting (config.ts calls this).

import { Ajv } from 'ajv';

export type LoginMethod = 'test-users' | 'oidc-upstream';
export const LOGIN_METHOD_NAMES: readonly LoginMethod[] = ['test-users', 'oidc-upstream'];

/** The eIDAS levels an upstream acr may be mapped onto. */
const EIDAS_LEVELS = ['http://eidas.europa.eu/LoA/low', 'http://eidas.europa.eu/LoA/substantial', 'http://eidas.europa.eu/LoA/high'] as const;

/** One upstream OpenID provider (a broker in front of DigiD, eHerkenning or eIDAS). */
export interface UpstreamProvider {
  /** Short id, used in the login route (/interaction/<uid>/upstream/<id>). */
  id: string;
  /** Shown on the login button, e.g. "DigiD". */
  name: string;
  /**
   * `person` (DigiD): the identifier claim carries the person's BSN. `organisation` (eHerkenning through an OIDC
   * broker): the identifier claim carries the KvK number of the organisation the employee acts for, and the employee
   * is known by the upstream's `sub` (a pseudonym; eHerkenning gives no BSN).
   */
  kind: 'person' | 'organisation';
  issuer: string;
  client_id: string;
  /** With a secret: client_secret_basic (or client_secret_post); without: token_endpoint_auth_method must be none. */
  client_secret?: string;
  token_endpoint_auth_method: 'client_secret_basic' | 'client_secret_post' | 'none';
  scopes: string[];
  /** The ID token claim that carries the BSN (kind person) or the organisation's KvK number (kind organisation). */
  identifier_claim: string;
  /** The ID token claim with the person's (or employee's) name, used when namens does not know them yet. */
  name_claim?: string;
  /** Kind organisation only: the ID token claim with the organisation's name, used when namens does not know it yet. */
  organisation_name_claim?: string;
  /** Upstream acr → eIDAS level; an acr that is not listed is refused. */
  acr_map: Record<string, string>;
  /** Whether the upstream honours acr_values, so namens can ask it for the level a service needs (step-up). */
  supports_acr_values: boolean;
}

const upstreamSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'kind', 'issuer', 'client_id', 'identifier_claim', 'acr_map'],
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' },
      name: { type: 'string', minLength: 1, maxLength: 60 },
      kind: { enum: ['person', 'organisation'] },
      issuer: { type: 'string', pattern: '^https?://[^?#\\s]+$' },
      client_id: { type: 'string', minLength: 1, maxLength: 200 },
      client_secret: { type: 'string', minLength: 1 },
      token_endpoint_auth_method: { enum: ['client_secret_basic', 'client_secret_post', 'none'] },
      scopes: { type: 'array', items: { type: 'string', pattern: '^[!#-\\[\\]-~]+$' }, contains: { const: 'openid' } },
      identifier_claim: { type: 'string', minLength: 1 },
      name_claim: { type: 'string', minLength: 1 },
      organisation_name_claim: { type: 'string', minLength: 1 },
      acr_map: { type: 'object', minProperties: 1, additionalProperties: { enum: [...EIDAS_LEVELS] } },
      supports_acr_values: { type: 'boolean' },
    },
  },
} as const;

const validateUpstreams = new Ajv({ allErrors: true }).compile(upstreamSchema);

/** Thrown with a message that does not yet name the variable; config.ts adds the name. */
export class LoginMethodsError extends Error {}

export function parseLoginMethods(value: string): LoginMethod[] {
  const methods = value.split(',').map((method) => method.trim()).filter(Boolean);
  const unknown = methods.filter((method) => !LOGIN_METHOD_NAMES.includes(method as LoginMethod));
  if (!methods.length || unknown.length) {
    throw new LoginMethodsError(`LOGIN_METHODS is invalid (${JSON.stringify(value)}): expected a comma-separated list of ${LOGIN_METHOD_NAMES.join(', ')}`);
  }
  return [...new Set(methods)] as LoginMethod[];
}

export function parseUpstreamProviders(value: string, { production }: { production: boolean }): UpstreamProvider[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new LoginMethodsError('UPSTREAM_PROVIDERS is invalid: not JSON (expected a JSON array of upstream providers)');
  }
  if (!validateUpstreams(parsed)) {
    const problems = (validateUpstreams.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
    throw new LoginMethodsError(`UPSTREAM_PROVIDERS is invalid: ${[...new Set(problems)].join('; ')}`);
  }
  const entries = parsed as Array<Omit<UpstreamProvider, 'token_endpoint_auth_method' | 'scopes' | 'supports_acr_values'> & Partial<UpstreamProvider>>;
  const problems: string[] = [];
  const seen = new Set<string>();
  const upstreams = entries.map((entry, i): UpstreamProvider => {
    const method = entry.token_endpoint_auth_method ?? 'client_secret_basic';
    if (seen.has(entry.id)) problems.push(`/${i}/id ${entry.id} is used twice`);
    seen.add(entry.id);
    if (method === 'none' && entry.client_secret) problems.push(`/${i}/client_secret must be left out with token_endpoint_auth_method none`);
    if (method !== 'none' && !entry.client_secret) problems.push(`/${i} needs client_secret, or token_endpoint_auth_method none`);
    if (entry.kind !== 'organisation' && entry.organisation_name_claim) problems.push(`/${i}/organisation_name_claim is only for kind organisation`);
    if (entry.kind === 'organisation' && entry.identifier_claim === 'sub') {
      problems.push(`/${i}/identifier_claim must name the claim with the KvK number; sub identifies the employee`);
    }
    if (production && entry.issuer.startsWith('http:')) problems.push(`/${i}/issuer must be https in production`);
    return {
      ...entry,
      token_endpoint_auth_method: method,
      scopes: entry.scopes ?? ['openid'],
      supports_acr_values: entry.supports_acr_values ?? false,
    };
  });
  if (problems.length) throw new LoginMethodsError(`UPSTREAM_PROVIDERS is invalid: ${problems.join('; ')}`);
  return upstreams;
}

/** The methods in use: test users only when both LOGIN_METHODS and TEST_USERS_ENABLED allow them; upstreams only when configured. */
export function checkLoginMethods(methods: LoginMethod[], upstreams: UpstreamProvider[]): void {
  if (methods.includes('oidc-upstream') && upstreams.length === 0) {
    throw new LoginMethodsError('UPSTREAM_PROVIDERS is invalid: LOGIN_METHODS includes oidc-upstream, so at least one upstream provider is needed');
  }
}
