// LOGIN_METHODS and UPSTREAM_PROVIDERS: a bad value stops the process with a message naming the variable.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config/config.ts';

const DIGID = {
  id: 'digid',
  name: 'DigiD',
  kind: 'person',
  issuer: 'https://broker.example',
  client_id: 'namens',
  client_secret: 'secret',
  identifier_claim: 'bsn',
  acr_map: { 'urn:digid:midden': 'http://eidas.europa.eu/LoA/substantial' },
};
const EHERKENNING = {
  id: 'eherkenning',
  name: 'eHerkenning',
  kind: 'organisation',
  issuer: 'https://eh-broker.example',
  client_id: 'namens',
  client_secret: 'secret',
  identifier_claim: 'urn:etoegang:core:LegalSubjectID',
  name_claim: 'name',
  organisation_name_claim: 'urn:etoegang:1.9:EntityConcernedName',
  acr_map: {
    'urn:etoegang:core:assurance-class:loa2': 'http://eidas.europa.eu/LoA/low',
    'urn:etoegang:core:assurance-class:loa2plus': 'http://eidas.europa.eu/LoA/low',
    'urn:etoegang:core:assurance-class:loa3': 'http://eidas.europa.eu/LoA/substantial',
    'urn:etoegang:core:assurance-class:loa4': 'http://eidas.europa.eu/LoA/high',
  },
};
const upstreams = (...entries: unknown[]) => ({ LOGIN_METHODS: 'oidc-upstream', UPSTREAM_PROVIDERS: JSON.stringify(entries) });

describe('config: login methods', () => {
  it('defaults to test users only, with no upstreams', () => {
    const config = loadConfig({});
    assert.deepEqual(config.loginMethods, ['test-users']);
    assert.deepEqual(config.upstreamProviders, []);
  });

  it('reads an organisation upstream (eHerkenning) next to a person upstream (DigiD)', () => {
    const [digid, eherkenning] = loadConfig(upstreams(DIGID, EHERKENNING)).upstreamProviders;
    assert.equal(digid!.kind, 'person');
    assert.equal(eherkenning!.kind, 'organisation');
    assert.equal(eherkenning!.identifier_claim, 'urn:etoegang:core:LegalSubjectID');
    assert.equal(eherkenning!.organisation_name_claim, 'urn:etoegang:1.9:EntityConcernedName');
    assert.equal(eherkenning!.acr_map['urn:etoegang:core:assurance-class:loa3'], 'http://eidas.europa.eu/LoA/substantial');
  });

  it('reads an organisation upstream without name claims (names then default to "Naam onbekend")', () => {
    const { name_claim: _n, organisation_name_claim: _o, ...bare } = EHERKENNING;
    const [eherkenning] = loadConfig(upstreams(bare)).upstreamProviders;
    assert.equal(eherkenning!.organisation_name_claim, undefined);
  });

  it('reads an upstream with its defaults: client_secret_basic, scope openid, no step-up', () => {
    const [digid] = loadConfig(upstreams(DIGID)).upstreamProviders;
    assert.equal(digid!.token_endpoint_auth_method, 'client_secret_basic');
    assert.deepEqual(digid!.scopes, ['openid']);
    assert.equal(digid!.supports_acr_values, false);
  });

  it('takes a public upstream client (token_endpoint_auth_method none, no secret)', () => {
    const { client_secret: _, ...publicClient } = DIGID;
    const [digid] = loadConfig(upstreams({ ...publicClient, token_endpoint_auth_method: 'none' })).upstreamProviders;
    assert.equal(digid!.token_endpoint_auth_method, 'none');
  });

  const refusals: Array<[string, Record<string, string>, RegExp]> = [
    ['an unknown login method', { LOGIN_METHODS: 'test-users,password' }, /LOGIN_METHODS is invalid/],
    ['oidc-upstream without upstreams', { LOGIN_METHODS: 'oidc-upstream' }, /UPSTREAM_PROVIDERS is invalid: .*at least one/],
    ['UPSTREAM_PROVIDERS that is not JSON', { LOGIN_METHODS: 'oidc-upstream', UPSTREAM_PROVIDERS: '[{' }, /UPSTREAM_PROVIDERS is invalid: not JSON/],
    ['an acr mapped onto something else than an eIDAS level', upstreams({ ...DIGID, acr_map: { x: 'hoog' } }), /UPSTREAM_PROVIDERS is invalid: \/0\/acr_map\/x/],
    ['a missing identifier_claim', upstreams({ ...DIGID, identifier_claim: undefined }), /identifier_claim/],
    ['an unknown kind', upstreams({ ...DIGID, kind: 'company' }), /\/0\/kind/],
    ['organisation_name_claim on a person upstream', upstreams({ ...DIGID, organisation_name_claim: 'org_name' }), /\/0\/organisation_name_claim is only for kind organisation/],
    ['an organisation upstream whose identifier is sub', upstreams({ ...EHERKENNING, identifier_claim: 'sub' }), /\/0\/identifier_claim must name the claim with the KvK number/],
    ['an empty organisation_name_claim', upstreams({ ...EHERKENNING, organisation_name_claim: '' }), /\/0\/organisation_name_claim/],
    ['a secret with token_endpoint_auth_method none', upstreams({ ...DIGID, token_endpoint_auth_method: 'none' }), /client_secret must be left out/],
    ['no secret and no auth method', upstreams({ ...DIGID, client_secret: undefined }), /needs client_secret/],
    ['the same id twice', upstreams(DIGID, DIGID), /digid is used twice/],
    ['scopes without openid', upstreams({ ...DIGID, scopes: ['profile'] }), /\/0\/scopes/],
    ['an http issuer in production', { ...upstreams({ ...DIGID, issuer: 'http://broker.example' }), NODE_ENV: 'production', ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION: 'true' }, /must be https in production/],
  ];
  for (const [what, env, message] of refusals) {
    it(`refuses ${what}`, () => {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }
});
