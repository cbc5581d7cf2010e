// The JSON Schemas (draft 2020-12) of the admin API's request bodies and of the register records that imports read.
// One source of truth: the validators (validate.ts) compile these, and the OpenAPI document (server/admin/openapi.ts)
// embeds them. Neither the admin API's nor the imports' own: both import them from here.
import { accessEvaluation, accessEvaluations, resourceSearch, subjectSearch } from './authzen_schemas.ts';
import { LEVELS_OF_ASSURANCE, LEGAL_TYPES } from '../domain/services.ts';
import type { Register } from '../domain/register_records.ts';
import { CLIENT_AUTH_METHODS, CLIENT_ENCRYPTION_ALGS, CLIENT_ENCRYPTION_ENCS, CLIENT_SIGNING_ALGS } from '../domain/clients.ts';

const text = (maxLength = 200) => ({ type: 'string', minLength: 1, maxLength }) as const;
const date = { type: 'string', format: 'date', description: 'a calendar date, YYYY-MM-DD' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const bsn = { type: 'string', pattern: '^[0-9]{9}$', description: 'citizen service number (9 digits, eleven-test)' } as const;
const kvk = { type: 'string', pattern: '^[0-9]{8}$', description: 'chamber of commerce number (8 digits)' } as const;
const rsin = { type: 'string', pattern: '^[0-9]{9}$', description: 'legal entity number (9 digits, eleven-test)' } as const;
const localised = (maxLength = 200) =>
  ({ type: 'object', additionalProperties: false, required: ['nl', 'en'], properties: { nl: text(maxLength), en: text(maxLength) } }) as const;
const serviceRef = { type: 'string', minLength: 1, maxLength: 200, description: 'a service UUID or its urn:namens:service: id' } as const;
const sourceRecordId = { type: 'string', minLength: 1, maxLength: 200, description: 'the id of the record in its source register; imports upsert by it' } as const;
const endedOn = { ...date, description: 'the day from which the mandate no longer holds (it held until the day before)' } as const;

// ---- catalog ---------------------------------------------------------------------------------------------------------

const serviceProviderProperties = {
  name: text(),
  oin: { type: 'string', pattern: '^[0-9]{20}$', description: 'government organisation number (20 digits)' },
  may_receive_bsn: { type: 'boolean', description: 'whether the provider may process citizen service numbers' },
} as const;

export const serviceProviderCreate = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'oin'],
  properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'a slug' }, ...serviceProviderProperties },
} as const;

export const serviceProviderUpdate = { type: 'object', additionalProperties: false, minProperties: 1, properties: serviceProviderProperties } as const;

const serviceProperties = {
  id: { type: 'string', pattern: '^urn:namens:service:[a-z0-9][a-z0-9-]{0,150}$' },
  service_provider_id: text(64),
  name: localised(),
  description: localised(2000),
  domains: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z_]{0,31}$' } },
  loa: { enum: [...LEVELS_OF_ASSURANCE] },
  bases: { type: 'array', uniqueItems: true, items: { enum: ['voluntary', 'legal', 'company'] } },
  legal_types: { oneOf: [{ type: 'null' }, { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...LEGAL_TYPES] } }] },
  self_allowed: { type: 'boolean' },
  max_minor_age: { oneOf: [{ type: 'null' }, { type: 'integer', minimum: 0, maximum: 17 }] },
  upl: { oneOf: [{ type: 'null' }, text()] },
  eherkenning_service_uuid: { oneOf: [{ type: 'null' }, uuid] },
} as const;

export const serviceCreate = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'service_provider_id', 'name', 'description', 'domains', 'loa', 'bases', 'self_allowed'],
  properties: { uuid: { ...uuid, description: 'generated when left out' }, ...serviceProperties },
} as const;

export const serviceUpdate = { type: 'object', additionalProperties: false, minProperties: 1, properties: serviceProperties } as const;

const serviceSetProperties = {
  id: { type: 'string', pattern: '^urn:namens:service-set:[a-z0-9][a-z0-9-]{0,150}$' },
  name: localised(),
  services: { type: 'array', minItems: 1, uniqueItems: true, items: serviceRef },
} as const;

export const serviceSetCreate = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'services'],
  properties: { uuid: { ...uuid, description: 'generated when left out' }, ...serviceSetProperties },
} as const;

export const serviceSetUpdate = { type: 'object', additionalProperties: false, minProperties: 1, properties: serviceSetProperties } as const;

// ---- clients ---------------------------------------------------------------------------------------------------------

const httpsUri = (description: string) => ({ type: 'string', minLength: 1, maxLength: 2000, description }) as const;
const signingAlg = { enum: [...CLIENT_SIGNING_ALGS] } as const;
const encryptionAlg = { enum: [...CLIENT_ENCRYPTION_ALGS] } as const;
const encryptionEnc = { enum: [...CLIENT_ENCRYPTION_ENCS] } as const;
const publicJwk = {
  type: 'object',
  required: ['kty'],
  properties: { kty: { enum: ['EC', 'RSA', 'OKP'] }, d: false, p: false, q: false, dp: false, dq: false, qi: false, k: false },
  description: 'a public key (a private or symmetric key is refused)',
} as const;

/**
 * Every client property namens supports, by its OAuth/OIDC metadata name (RFC 7591, OIDC Registration, RFC 8705,
 * RFC 9126, RFC 9101, OIDC Back-Channel Logout), plus namens' own. oidc-provider's client schema checks them again.
 */
const clientProperties = {
  client_name: text(),
  client_uri: httpsUri('the app\'s home page'),
  logo_uri: httpsUri('the app\'s logo'),
  policy_uri: httpsUri('the app\'s privacy statement'),
  tos_uri: httpsUri('the app\'s terms of use'),
  contacts: { type: 'array', maxItems: 10, uniqueItems: true, items: { type: 'string', minLength: 3, maxLength: 200 } },
  service_provider_ids: { type: 'array', uniqueItems: true, items: text(64) },
  redirect_uris: {
    type: 'array',
    uniqueItems: true,
    items: { type: 'string', minLength: 1, maxLength: 2000 },
    description: 'absolute, without fragment, https (http only for localhost)',
  },
  post_logout_redirect_uris: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 2000 } },
  grant_types: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['authorization_code', 'refresh_token', 'client_credentials'] } },
  token_endpoint_auth_method: { enum: [...CLIENT_AUTH_METHODS] },
  token_endpoint_auth_signing_alg: { ...signingAlg, description: 'the algorithm of private_key_jwt assertions' },
  jwks: {
    type: 'object',
    additionalProperties: false,
    required: ['keys'],
    properties: { keys: { type: 'array', minItems: 1, maxItems: 10, items: publicJwk } },
    description: 'the app\'s public keys (private_key_jwt, signed request objects, encrypted ID tokens); or jwks_uri',
  },
  jwks_uri: httpsUri('where the app publishes its public keys; or jwks'),
  tls_client_auth_subject_dn: text(1000),
  tls_client_auth_san_dns: text(253),
  tls_client_auth_san_uri: text(2000),
  tls_client_auth_san_email: text(254),
  backchannel_logout_uri: httpsUri('OIDC Back-Channel Logout: where namens posts a logout token'),
  backchannel_logout_session_required: { type: 'boolean' },
  id_token_signed_response_alg: signingAlg,
  id_token_encrypted_response_alg: encryptionAlg,
  id_token_encrypted_response_enc: encryptionEnc,
  userinfo_signed_response_alg: { ...signingAlg, description: 'userinfo as a signed JWT' },
  userinfo_encrypted_response_alg: encryptionAlg,
  userinfo_encrypted_response_enc: encryptionEnc,
  request_object_signing_alg: signingAlg,
  require_signed_request_object: { type: 'boolean' },
  require_pushed_authorization_requests: { type: 'boolean' },
  namens_access_token_format: { enum: ['opaque', 'jwt'], description: 'opaque (default) or an RFC 9068 JWT' },
  namens_resource_server: { type: 'boolean', description: 'may introspect the tokens of other clients' },
  may_receive_bsn: { type: 'boolean', description: 'whether ID tokens for this client may carry BSNs' },
  first_party: { type: 'boolean', description: 'a first-party app skips the consent screen' },
  scope: { type: 'string', pattern: '^[a-z:]+( [a-z:]+)*$', description: '"namens:admin" for operator tooling' },
} as const;

/** The properties a PATCH may remove by sending null (JSON Merge Patch, RFC 7396); the others it can only change. */
const REQUIRED_CLIENT_PROPERTIES = ['client_name', 'grant_types', 'token_endpoint_auth_method'] as const;

export const clientCreate = {
  type: 'object',
  additionalProperties: false,
  required: [...REQUIRED_CLIENT_PROPERTIES],
  properties: { client_id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', description: 'generated when left out' }, ...clientProperties },
} as const;

export const clientUpdate = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: 'JSON Merge Patch (RFC 7396): what is not sent stays; null removes an optional property',
  properties: Object.fromEntries(
    Object.entries(clientProperties).map(([name, schema]) => [
      name,
      (REQUIRED_CLIENT_PROPERTIES as readonly string[]).includes(name) ? schema : { oneOf: [schema, { type: 'null' }] },
    ]),
  ),
} as const;

// ---- registers -------------------------------------------------------------------------------------------------------

const personName = text();

/** A legal mandate (curatele, bewind, mentorschap: the courts' register; ouderlijk gezag, voogdij: the population register). */
const legalMandateProperties = {
  source_record_id: sourceRecordId,
  representative_bsn: bsn,
  representative_kvk: { ...kvk, description: 'a professional representative that is an organisation' },
  representative_name: personName,
  represented_bsn: bsn,
  represented_name: personName,
  represented_birth_date: { ...date, description: 'needed for ouderlijk_gezag and voogdij when the minor is not known yet' },
  type: { enum: [...LEGAL_TYPES] },
  professional: { type: 'boolean' },
  valid_from: date,
  valid_until: { oneOf: [{ type: 'null' }, date], description: 'the last day it holds; null or left out: open-ended' },
} as const;

export const legalMandateRecord = {
  title: 'legal mandate record',
  type: 'object',
  additionalProperties: false,
  required: ['source_record_id', 'represented_bsn', 'type', 'professional', 'valid_from'],
  oneOf: [{ required: ['representative_bsn'] }, { required: ['representative_kvk'] }],
  properties: { ...legalMandateProperties, ended_on: endedOn },
} as const;

export const legalMandateCreate = {
  type: 'object',
  additionalProperties: false,
  required: ['represented_bsn', 'type', 'professional', 'valid_from'],
  oneOf: [{ required: ['representative_bsn'] }, { required: ['representative_kvk'] }],
  properties: { id: uuid, ...legalMandateProperties },
} as const;

/** A company representation (the chamber of commerce's register): a person may act for an organisation. */
const companyMandateProperties = {
  source_record_id: sourceRecordId,
  person_bsn: bsn,
  person_name: personName,
  organisation_kvk: kvk,
  organisation_rsin: rsin,
  organisation_name: text(),
  services: { type: 'array', minItems: 1, uniqueItems: true, items: serviceRef, description: 'left out: every service' },
  valid_from: date,
  valid_until: { oneOf: [{ type: 'null' }, date] },
} as const;

export const companyMandateRecord = {
  title: 'company mandate record',
  type: 'object',
  additionalProperties: false,
  required: ['source_record_id', 'person_bsn', 'organisation_kvk', 'valid_from'],
  properties: { ...companyMandateProperties, ended_on: endedOn },
} as const;

export const companyMandateCreate = {
  type: 'object',
  additionalProperties: false,
  required: ['person_bsn', 'organisation_kvk', 'valid_from'],
  properties: { id: uuid, ...companyMandateProperties },
} as const;

/** A voluntary mandate (DigiD Machtigen), or one that desk staff register on the principal's behalf (registered_by). */
const voluntaryMandateProperties = {
  source_record_id: sourceRecordId,
  principal_bsn: bsn,
  principal_name: personName,
  agent_bsn: bsn,
  agent_name: personName,
  services: { type: 'array', uniqueItems: true, items: serviceRef },
  service_sets: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'service set UUIDs or ids; expanded into their services' },
  valid_from: date,
  valid_until: { ...date, description: 'at most 5 years after valid_from' },
  status: { enum: ['pending', 'active'] },
  registered_by: { ...text(), description: 'the desk employee who registered it on the principal’s behalf; recorded in the audit log' },
} as const;

export const voluntaryMandateRecord = {
  title: 'voluntary mandate record',
  type: 'object',
  additionalProperties: false,
  required: ['source_record_id', 'principal_bsn', 'agent_bsn', 'valid_from', 'valid_until'],
  anyOf: [{ required: ['services'] }, { required: ['service_sets'] }],
  properties: { ...voluntaryMandateProperties, ended_on: endedOn },
} as const;

export const voluntaryMandateCreate = {
  type: 'object',
  additionalProperties: false,
  required: ['principal_bsn', 'agent_bsn', 'valid_from', 'valid_until'],
  anyOf: [{ required: ['services'] }, { required: ['service_sets'] }],
  properties: { id: uuid, ...voluntaryMandateProperties },
} as const;

export const mandateEnd = {
  type: 'object',
  additionalProperties: false,
  properties: { ended_on: { ...endedOn, description: 'default: today (Dutch date): the mandate no longer holds from today' } },
} as const;

/**
 * One person of the Haal Centraal BRP API "gezag" response (personen[i]); a line of a BRP import is either such a
 * person or a whole response `{"personen": [...]}`.
 */
const brpPerson = {
  type: 'object',
  required: ['burgerservicenummer'],
  properties: {
    burgerservicenummer: bsn,
    naam: { type: 'object', properties: { volledigeNaam: text() } },
    geboorte: { type: 'object', properties: { datum: { type: 'object', properties: { datum: date } } } },
  },
} as const;

export const brpGezagPerson = {
  title: 'BRP API gezag: one person with their gezag',
  type: 'object',
  required: ['burgerservicenummer'],
  properties: {
    ...brpPerson.properties,
    gezag: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string' },
          minderjarige: brpPerson,
          ouders: { type: 'array', items: brpPerson },
          ouder: brpPerson,
          derden: { type: 'array', items: { type: 'object' } },
          derde: { type: 'object' },
        },
      },
    },
  },
} as const;

export const brpGezagResponse = {
  title: 'BRP API gezag response',
  type: 'object',
  required: ['personen'],
  properties: { personen: { type: 'array', items: brpGezagPerson } },
} as const;

/** Every schema by name: the validators compile these, the OpenAPI document lists them under components.schemas. */
export const SCHEMAS = {
  ServiceProviderCreate: serviceProviderCreate,
  ServiceProviderUpdate: serviceProviderUpdate,
  ServiceCreate: serviceCreate,
  ServiceUpdate: serviceUpdate,
  ServiceSetCreate: serviceSetCreate,
  ServiceSetUpdate: serviceSetUpdate,
  ClientCreate: clientCreate,
  ClientUpdate: clientUpdate,
  LegalMandateCreate: legalMandateCreate,
  CompanyMandateCreate: companyMandateCreate,
  VoluntaryMandateCreate: voluntaryMandateCreate,
  MandateEnd: mandateEnd,
  LegalMandateRecord: legalMandateRecord,
  CompanyMandateRecord: companyMandateRecord,
  VoluntaryMandateRecord: voluntaryMandateRecord,
  BrpGezagPerson: brpGezagPerson,
  AccessEvaluation: accessEvaluation,
  AccessEvaluations: accessEvaluations,
  SubjectSearch: subjectSearch,
  ResourceSearch: resourceSearch,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** The body that adds one mandate to each register: the admin API's POST and `namens mandates add` validate against it. */
export const REGISTER_CREATE_SCHEMAS = { legal: 'LegalMandateCreate', company: 'CompanyMandateCreate', voluntary: 'VoluntaryMandateCreate' } as const satisfies Record<Register, SchemaName>;
