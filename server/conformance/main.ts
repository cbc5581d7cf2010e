// `npm run conformance [issuer] [client_id] [redirect_uri] [--relaxed]` (client_id: demo-gemeente, or demo-gemeente-mtls
// against a strict namens): the NL GOV provider checklist against a running
// namens, strict-mode requirements included unless --relaxed; then what it does not check, and why.
import { checkProfile, NOT_CHECKED } from './check_profile.ts';

const args = process.argv.slice(2);
const relaxed = args.includes('--relaxed');
const [issuer = process.env.ISSUER ?? 'http://localhost:3000', givenClientId, redirectUri = 'http://localhost:8080/callback'] = args.filter((arg) => arg !== '--relaxed');
try {
  // The seeded client to probe with when none is named: a strict namens knows no client_secret_basic client.
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json().catch(() => ({}))) as { token_endpoint_auth_methods_supported?: string[] };
  const clientId = givenClientId ?? (discovery.token_endpoint_auth_methods_supported?.includes('client_secret_basic') ? 'demo-gemeente' : 'demo-gemeente-mtls');
  const results = await checkProfile({ issuer, clientId, redirectUri, strict: !relaxed });
  for (const result of results) {
    console.log(`${result.pass ? 'PASS' : 'FAIL'}  ${result.requirement}  [${result.clause}]${result.detail && !result.pass ? ` (${result.detail})` : ''}`);
  }
  console.log('\nnot checked here:');
  if (relaxed) console.log('  - only private_key_jwt and tls_client_auth; grant_types_supported ["authorization_code"]  [NL GOV OIDC, Discovery document]: --relaxed');
  for (const item of NOT_CHECKED) console.log(`  - ${item.requirement}  [${item.clause}]: ${item.why}`);
  const failed = results.filter((result) => !result.pass).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed, ${NOT_CHECKED.length + (relaxed ? 1 : 0)} not checked`);
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error(`conformance: cannot reach ${issuer}: ${(error as Error).message}`);
  process.exit(1);
}
