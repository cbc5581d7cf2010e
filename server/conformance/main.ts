// `npm run conformance [issuer] [client_id] [redirect_uri]`: the NL GOV provider checklist against a running namens.
import { checkProfile } from './check_profile.ts';

const [issuer = process.env.ISSUER ?? 'http://localhost:3000', clientId = 'demo-gemeente', redirectUri = 'http://localhost:8080/callback'] = process.argv.slice(2);
try {
  const results = await checkProfile({ issuer, clientId, redirectUri });
  for (const result of results) {
    console.log(`${result.pass ? 'PASS' : 'FAIL'}  ${result.requirement}  [${result.clause}]${result.detail && !result.pass ? ` (${result.detail})` : ''}`);
  }
  const failed = results.filter((result) => !result.pass).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error(`conformance: cannot reach ${issuer}: ${(error as Error).message}`);
  process.exit(1);
}
