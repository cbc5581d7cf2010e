// The decision API's part of the OpenAPI document (server/admin/openapi.ts): its paths from the route table
// (router.ts) and the very JSON Schemas its validators use (server/validation/authzen_schemas.ts).
import { DECISIONS_API_PATH, DECISIONS_SCOPE } from '../oidc/decisions_resource.ts';
import { AUTHZEN_ROUTES } from './router.ts';

export const DECISIONS_SECURITY_SCHEME = 'decisionsClientCredentials';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const decision = {
  type: 'object',
  required: ['decision'],
  properties: {
    decision: { type: 'boolean' },
    context: {
      type: 'object',
      description: 'rule: the deciding rule; on permit the mandate (mandate_id, basis, representation_type, professional, valid_from, valid_until); on deny reason_admin and reason_user (nl, en); in a batch, error { status, message } for an item that could not be evaluated',
    },
  },
} as const;

const RESPONSES: Record<string, unknown> = {
  AccessEvaluation: decision,
  AccessEvaluations: { type: 'object', required: ['evaluations'], properties: { evaluations: { type: 'array', items: decision } } },
  SubjectSearch: { type: 'object', required: ['results'], properties: { results: { type: 'array', items: { type: 'object', description: '{ type, id, properties: { name, mandate_id, basis, ... } }' } } } },
  ResourceSearch: { type: 'object', required: ['results'], properties: { results: { type: 'array', items: { type: 'object', description: '{ type, id, properties: { name, mandate_id, basis, ... } }' } } } },
};

export function authzenPaths(issuer: string): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {
    '/.well-known/authzen-configuration': {
      get: {
        summary: 'PDP metadata of the decision API (AuthZEN)',
        security: [],
        responses: { 200: { description: 'the metadata', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  };
  for (const route of AUTHZEN_ROUTES) {
    paths[`${DECISIONS_API_PATH}${route.path}`] = {
      post: {
        summary: route.summary,
        description: `Decision API (AuthZEN NL GOV). Bearer token by client credentials at ${issuer}/token with scope ${DECISIONS_SCOPE} and resource ${issuer}${DECISIONS_API_PATH}.`,
        security: [{ [DECISIONS_SECURITY_SCHEME]: [DECISIONS_SCOPE] }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.body}` } } } },
        responses: {
          200: { description: 'decided (a deny is 200 too)', content: { 'application/json': { schema: RESPONSES[route.body] } } },
          400: error('invalid request: every violation listed by JSON pointer; an unknown service'),
          401: error('no access token, or an unknown or expired one (WWW-Authenticate says which)'),
          403: error(`the access token lacks ${DECISIONS_SCOPE}, the client may not process BSNs, or the service is another provider's`),
          429: error('too many calls for this client (Retry-After)'),
        },
      },
    };
  }
  return paths;
}

export function decisionsSecurityScheme(issuer: string) {
  return { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${issuer}/token`, scopes: { [DECISIONS_SCOPE]: 'ask the decision API about the services of the own service provider' } } } };
}
