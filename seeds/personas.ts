// Development data: service providers, the catalog, the demo clients, and personas that show every case.
// Birth dates and validity are relative to the day of seeding, so the ages in the README stay true.
import { addDays, addYears, type IsoDate } from '../server/domain/dates.ts';
import PKJWT_PRIVATE_JWK from './demo-gemeente-pkjwt.private.jwk.json' with { type: 'json' };

/** The public half of a private JWK (drops `d`, and RSA's private factors). */
function publicJwk({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }: Record<string, string>): Record<string, string> {
  return rest;
}

/** The private key of demo-gemeente-pkjwt, so a developer can try private_key_jwt at once (development only). */
export { PKJWT_PRIVATE_JWK };
import type { Service, ServiceProvider } from '../server/domain/services.ts';

export const PROVIDERS: ServiceProvider[] = [
  { id: 'gemeente-enschede', name: 'Gemeente Enschede', oin: '00000001001234567000', mayReceiveBsn: true },
  { id: 'ziekenhuis-oost', name: 'Ziekenhuis Oost', oin: '00000003012345678000', mayReceiveBsn: true },
  // A provider without a legal ground for BSNs: its clients see pairwise pseudonyms.
  { id: 'bibliotheek-oost', name: 'Bibliotheek Oost', oin: '00000004003214345000', mayReceiveBsn: false },
];

const SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial' as const;

function municipal(slug: string, uuid: string, nl: string, en: string, descriptionNl: string, descriptionEn: string, extra: Partial<Service> = {}): Service {
  return {
    uuid,
    id: `urn:namens:service:${slug}`,
    providerId: 'gemeente-enschede',
    name: { nl, en },
    description: { nl: descriptionNl, en: descriptionEn },
    domains: ['financial'],
    loa: SUBSTANTIAL,
    bases: ['voluntary', 'legal'],
    legalTypes: null,
    selfAllowed: true,
    maxMinorAge: null,
    upl: null,
    eherkenningServiceUuid: null,
    withdrawnAt: null,
    ...extra,
  };
}

export const SERVICES: Service[] = [
  municipal('bijstand', '0dbaf63c-11f5-5916-bdbe-5c0acd2cdee5', 'Bijstand aanvragen', 'Apply for social assistance',
    'Een bijstandsuitkering aanvragen of wijzigen.', 'Apply for or change social assistance benefit.', { upl: 'Bijstandsuitkering' }),
  municipal('bijstand-zelfstandigen', '8483f2e9-a870-51f1-8266-8c7997af9024', 'Bijstand voor zelfstandigen', 'Assistance for the self-employed',
    'Ondersteuning aanvragen voor zelfstandig ondernemers (Bbz).', 'Apply for support for self-employed entrepreneurs (Bbz).',
    { bases: ['voluntary', 'legal', 'company'], upl: 'Bijstand voor zelfstandigen' }),
  municipal('bijzondere-bijstand', '8cf8687b-0f5e-56ab-971d-bc04f8f4e39a', 'Bijzondere bijstand aanvragen', 'Apply for special assistance',
    'Een vergoeding aanvragen voor bijzondere kosten.', 'Apply for a contribution to exceptional costs.', { upl: 'Bijzondere bijstand' }),
  municipal('jaaropgave-bijstand', '29970f86-f67b-5b31-b93b-8192021cba29', 'Jaaropgave bijstand inzien', 'View annual assistance statement',
    'De jaaropgave van de bijstandsuitkering downloaden.', 'Download the annual statement of social assistance.'),
  municipal('uitkeringsspecificatie', 'a5333ab0-89f5-5548-87d8-d267bb53d8af', 'Uitkeringsspecificatie inzien', 'View benefit statement',
    'De maandelijkse specificatie van de uitkering bekijken.', 'View the monthly statement of the benefit.'),
  municipal('schuldhulpverlening', '28539531-10e5-50f3-910a-1b9c028703e5', 'Schuldhulpverlening aanvragen', 'Apply for debt assistance',
    'Hulp bij schulden aanvragen.', 'Apply for help with debts.', { upl: 'Schuldhulpverlening' }),
  municipal('wmo-ondersteuning', 'a8ac17ed-839f-5260-835f-fa593c492716', 'Wmo-ondersteuning aanvragen', 'Apply for Wmo support',
    'Ondersteuning thuis aanvragen onder de Wet maatschappelijke ondersteuning.', 'Apply for support at home under the Social Support Act.',
    { domains: ['care'], upl: 'Wmo-voorziening' }),
  {
    uuid: '8a5e1393-89e0-50cb-8360-fddeb2e5e440',
    id: 'urn:namens:service:lenerspas',
    providerId: 'bibliotheek-oost',
    name: { nl: 'Lenerspas van de bibliotheek', en: 'Library card' },
    description: { nl: 'Uw lenerspas aanvragen, verlengen of inzien.', en: 'Apply for, renew or view your library card.' },
    domains: ['personal'],
    loa: SUBSTANTIAL,
    bases: ['voluntary', 'legal'],
    legalTypes: null,
    selfAllowed: true,
    maxMinorAge: null,
    upl: null,
    eherkenningServiceUuid: null,
    withdrawnAt: null,
  },
  {
    uuid: '33970672-d484-5f92-b6bf-b3960f9e4771',
    id: 'urn:namens:service:medisch-dossier-kind',
    providerId: 'ziekenhuis-oost',
    name: { nl: 'Medisch dossier van uw kind', en: "Your child's medical record" },
    description: { nl: 'Het medisch dossier van uw kind (tot 12 jaar) inzien.', en: "View your child's medical record (under 12)." },
    domains: ['care'],
    loa: SUBSTANTIAL,
    bases: ['legal'],
    legalTypes: ['ouderlijk_gezag', 'voogdij'],
    selfAllowed: false,
    maxMinorAge: 11,
    upl: null,
    eherkenningServiceUuid: null,
    withdrawnAt: null,
  },
];

export interface SeedClient {
  clientId: string;
  secret: string | null;
  name: string;
  providerId: string;
  /** Metadata beyond the common shape (authentication method, keys, PAR and request object requirements). */
  extra?: Record<string, unknown>;
}

export const DEMO_REDIRECT_URI = 'http://localhost:8080/callback';

export const CLIENTS: SeedClient[] = [
  { clientId: 'demo-gemeente', secret: 'demo-gemeente-secret', name: 'Gemeente Enschede (demo)', providerId: 'gemeente-enschede' },
  { clientId: 'demo-ziekenhuis', secret: 'demo-ziekenhuis-secret', name: 'Ziekenhuis Oost (demo)', providerId: 'ziekenhuis-oost' },
  { clientId: 'demo-app', secret: null, name: 'Gemeente Enschede app (demo)', providerId: 'gemeente-enschede' },
  {
    clientId: 'demo-gemeente-pkjwt',
    secret: null,
    name: 'Gemeente Enschede, private_key_jwt (demo)',
    providerId: 'gemeente-enschede',
    extra: {
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      require_pushed_authorization_requests: true,
      require_signed_request_object: true,
      request_object_signing_alg: 'ES256',
      jwks: { keys: [publicJwk(PKJWT_PRIVATE_JWK)] },
    },
  },
  {
    // tls_client_auth behind a TLS-terminating proxy (TRUSTED_PROXIES, CLIENT_CERT_HEADER): one of the two methods
    // the strict NL GOV profile mode allows, and the client `npm run conformance` probes a strict namens with.
    clientId: 'demo-gemeente-mtls',
    secret: null,
    name: 'Gemeente Enschede, tls_client_auth (demo)',
    providerId: 'gemeente-enschede',
    extra: { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=demo-gemeente-mtls,O=Gemeente Enschede (demo),C=NL' },
  },
  { clientId: 'demo-bibliotheek', secret: 'demo-bibliotheek-secret', name: 'Bibliotheek Oost (demo)', providerId: 'bibliotheek-oost' },
];

/**
 * Service providers' back offices: client credentials for the decision API (scope namens:decisions, resource
 * <issuer>/access/v1), each limited to its provider's services. Development only, like every seeded client. The
 * private_key_jwt one signs its client assertions with demo-gemeente-pkjwt's published development key.
 */
export const BACKOFFICE_CLIENTS: Array<{ clientId: string; name: string; providerId: string; secret: string | null; extra?: Record<string, unknown> }> = [
  { clientId: 'demo-gemeente-backoffice', name: 'Gemeente Enschede, back office (demo)', providerId: 'gemeente-enschede', secret: 'demo-gemeente-backoffice-secret' },
  {
    clientId: 'demo-gemeente-backoffice-pkjwt',
    name: 'Gemeente Enschede, back office with private_key_jwt (demo)',
    providerId: 'gemeente-enschede',
    secret: null,
    extra: { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: { keys: [publicJwk(PKJWT_PRIVATE_JWK)] } },
  },
  { clientId: 'demo-ziekenhuis-backoffice', name: 'Ziekenhuis Oost, back office (demo)', providerId: 'ziekenhuis-oost', secret: 'demo-ziekenhuis-backoffice-secret' },
];

/** Operator tooling: client credentials for the admin API (scope namens:admin). Development only: production refuses it. */
export const ADMIN_CLIENTS = [{ clientId: 'demo-admin', secret: 'demo-admin-secret', name: 'namens admin tooling (demo)' }];

export interface SeedPerson {
  username: string;
  name: string;
  bsn: string;
  /** Age in years on the day of seeding. */
  age: number;
}

export const PERSONS: SeedPerson[] = [
  { username: 'jan', name: 'Jan Jansen', bsn: '999993653', age: 52 },
  { username: 'anna', name: 'Anna de Vries', bsn: '999990019', age: 67 },
  { username: 'piet', name: 'Piet Bakker', bsn: '999990020', age: 45 },
  { username: 'fatima', name: 'Fatima El Amrani', bsn: '999990032', age: 38 },
  { username: 'gerrit', name: 'Gerrit Mulder', bsn: '999990044', age: 71 },
  { username: 'maria', name: 'Maria Jansen', bsn: '999990056', age: 44 },
  { username: 'sem', name: 'Sem Jansen', bsn: '999990068', age: 9 },
  { username: 'lotte', name: 'Lotte Jansen', bsn: '999990081', age: 17 },
  { username: 'daan', name: 'Daan Jansen', bsn: '999990093', age: 20 },
  { username: 'kees', name: 'Kees de Boer', bsn: '999990111', age: 49 },
  { username: 'truus', name: 'Truus de Boer', bsn: '999990123', age: 78 },
  { username: 'henk', name: 'Henk de Boer', bsn: '999990135', age: 81 },
  { username: 'sophie', name: 'Sophie Smit', bsn: '999990147', age: 41 },
  { username: 'bram', name: 'Bram Smit', bsn: '999990159', age: 36 },
  { username: 'ruud', name: 'Ruud Kok', bsn: '999990160', age: 55 },
  { username: 'wim', name: 'Wim Kok', bsn: '999990172', age: 83 },
  { username: 'eva', name: 'Eva Dijkstra', bsn: '999990184', age: 33 },
  { username: 'lars', name: 'Lars Visser', bsn: '999990196', age: 29 },
];

export const ORGANISATIONS = [
  { id: 'org-bewindvoering-oost', name: 'Bewindvoering Oost B.V.', kvk: '68750110', rsin: '999990202' },
  { id: 'org-bakkerij-de-korenschoof', name: 'Bakkerij De Korenschoof', kvk: '90001234', rsin: '999990214' },
];

const serviceUuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;

/** A birth date that makes someone `age` on `today` (100 days past a birthday, so it holds for a while). */
export const birthDateFor = (age: number, today: IsoDate): IsoDate => addDays(addYears(today, -age), -100);

export function mandates(today: IsoDate) {
  const since = addYears(today, -2);
  return {
    legal: [
      { id: 'a0000000-0000-4000-8000-000000000001', representative: 'jan', represented: 'anna', type: 'bewind', professional: true, validFrom: since, validUntil: addYears(today, 3) },
      { id: 'a0000000-0000-4000-8000-000000000002', representative: 'jan', represented: 'piet', type: 'bewind', professional: true, validFrom: since, validUntil: null },
      { id: 'a0000000-0000-4000-8000-000000000003', representative: 'org-bewindvoering-oost', represented: 'gerrit', type: 'bewind', professional: true, validFrom: since, validUntil: null },
      { id: 'a0000000-0000-4000-8000-000000000004', representative: 'maria', represented: 'sem', type: 'ouderlijk_gezag', professional: false, validFrom: birthDateFor(9, today), validUntil: null },
      { id: 'a0000000-0000-4000-8000-000000000005', representative: 'maria', represented: 'lotte', type: 'ouderlijk_gezag', professional: false, validFrom: birthDateFor(17, today), validUntil: null },
      // Daan has turned 18: the register still holds the row, the age rule ends it.
      { id: 'a0000000-0000-4000-8000-000000000006', representative: 'maria', represented: 'daan', type: 'ouderlijk_gezag', professional: false, validFrom: birthDateFor(20, today), validUntil: null },
      { id: 'a0000000-0000-4000-8000-000000000007', representative: 'sophie', represented: 'bram', type: 'mentorschap', professional: false, validFrom: since, validUntil: null },
      { id: 'a0000000-0000-4000-8000-000000000008', representative: 'ruud', represented: 'wim', type: 'curatele', professional: true, validFrom: since, validUntil: null },
    ],
    company: [
      { id: 'c0000000-0000-4000-8000-000000000001', person: 'fatima', organisation: 'org-bewindvoering-oost', services: null, validFrom: since, validUntil: null },
      { id: 'c0000000-0000-4000-8000-000000000002', person: 'eva', organisation: 'org-bakkerij-de-korenschoof', services: [serviceUuid('bijstand-zelfstandigen')], validFrom: since, validUntil: null },
    ],
    voluntary: [
      { id: 'f0000000-0000-4000-8000-000000000001', principal: 'truus', agent: 'kees', services: [serviceUuid('jaaropgave-bijstand'), serviceUuid('bijzondere-bijstand')], validFrom: addDays(today, -30), validUntil: addYears(today, 1), status: 'active' },
      { id: 'f0000000-0000-4000-8000-000000000002', principal: 'henk', agent: 'kees', services: [serviceUuid('uitkeringsspecificatie')], validFrom: addYears(today, -2), validUntil: addDays(today, -10), status: 'active' },
      { id: 'f0000000-0000-4000-8000-000000000003', principal: 'henk', agent: 'kees', services: [serviceUuid('bijstand')], validFrom: addDays(today, 30), validUntil: addYears(today, 1), status: 'active' },
      { id: 'f0000000-0000-4000-8000-000000000004', principal: 'truus', agent: 'kees', services: [serviceUuid('schuldhulpverlening')], validFrom: addDays(today, -60), validUntil: addYears(today, 1), status: 'revoked' },
    ],
  };
}
