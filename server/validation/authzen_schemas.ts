// The request bodies of the decision API (AuthZEN Authorization API 1.0, NL GOV profile), as JSON Schemas: the
// validators (validate.ts) and the OpenAPI document use these very objects. Entity types are identifier URNs (the
// profile recommends Linked Data URIs): a person by BSN, an organisation by KvK number.
import { SUB_ID_TYPES } from '../domain/identifiers.ts';

const properties = { type: 'object', description: 'additional attributes (accepted, not used in the decision)' } as const;
const subjectType = { const: SUB_ID_TYPES.BSN, description: 'the acting person, by BSN' } as const;
const resourceType = { enum: [SUB_ID_TYPES.BSN, SUB_ID_TYPES.KvK], description: 'the represented party: a person by BSN or an organisation by KvK number' } as const;
const identifier = { type: 'string', pattern: '^[0-9]{8,9}$', description: 'a BSN (9 digits) or a KvK number (8 digits)' } as const;

const subject = { type: 'object', required: ['type', 'id'], properties: { type: subjectType, id: { ...identifier, pattern: '^[0-9]{9}$' }, properties } } as const;
const resource = { type: 'object', required: ['type', 'id'], properties: { type: resourceType, id: identifier, properties } } as const;
const action = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'a service of the caller’s own service provider: its UUID, urn:uuid:<uuid> or urn:namens:service: id' }, properties },
} as const;
const context = {
  type: 'object',
  properties: {
    time: { type: 'string', format: 'date-time', description: 'RFC 3339: the moment the decision is about (default: now); its Dutch calendar day counts' },
    traceparent: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$', description: 'W3C trace context' },
    acr: { type: 'string', maxLength: 200, description: 'the level of assurance the person logged in with; below the service’s level denies' },
  },
} as const;

export const accessEvaluation = {
  type: 'object',
  required: ['subject', 'resource', 'action'],
  properties: { subject, resource, action, context },
} as const;

export const accessEvaluations = {
  type: 'object',
  required: ['evaluations'],
  properties: {
    subject,
    resource,
    action,
    context,
    evaluations: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      description: 'each item overrides the top-level subject, resource, action and context; after that each must have all three',
      items: { type: 'object', properties: { subject, resource, action, context } },
    },
    options: {
      type: 'object',
      properties: { evaluations_semantic: { enum: ['execute_all', 'deny_on_first_deny', 'permit_on_first_permit'] } },
    },
  },
} as const;

export const subjectSearch = {
  type: 'object',
  required: ['subject', 'resource', 'action'],
  properties: {
    subject: { type: 'object', required: ['type'], properties: { type: subjectType } },
    resource,
    action,
    context,
  },
} as const;

export const resourceSearch = {
  type: 'object',
  required: ['subject', 'resource', 'action'],
  properties: {
    subject,
    resource: { type: 'object', required: ['type'], properties: { type: resourceType } },
    action,
    context,
  },
} as const;
