// Process entry: read the config, build the app, listen, and close cleanly on SIGINT/SIGTERM. With WORKERS > 1 this
// process supervises that many worker processes on the same port (run_workers.ts), each of which runs the app.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { buildApp } from './app.ts';
import { ConfigError, issuerPortWarning, loadConfig, type Config } from './config/config.ts';
import { loadEnvFile } from './config/load_env_file.ts';
import { runWorkers, type ListeningMessage } from './run_workers.ts';
import { SERVICES } from '../seeds/personas.ts';

function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`namens: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

function printWelcome(config: Config, seeded: boolean): void {
  const example = new URL('/auth', config.issuer);
  example.search = new URLSearchParams({
    client_id: 'demo-gemeente',
    response_type: 'code',
    scope: `openid urn:uuid:${SERVICES.find((s) => s.id.endsWith(':bijzondere-bijstand'))!.uuid}`,
    redirect_uri: 'http://localhost:8080/callback',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    nonce: 'example-nonce',
    state: 'example-state',
  }).toString();
  const processes = config.workers > 1 ? ` in ${config.workers} worker processes` : '';
  console.log(`\nnamens is running${processes}${seeded ? ' (database seeded with development data)' : ''}.`);
  if (envFile) console.log(`  settings:   ${envFile} (the environment wins over it)`);
  const warning = issuerPortWarning(config);
  if (warning) console.warn(`\n  WARNING: ${warning}\n`);
  console.log(`  discovery:  ${config.issuer}/.well-known/openid-configuration`);
  console.log(`  catalog:    ${config.issuer}/catalog/services`);
  console.log(`  try it:     ${example.href}`);
  console.log('              (log in as jan / namens-test; the PKCE verifier of this URL is dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk)\n');
}

async function serve(config: Config): Promise<void> {
  const app = await buildApp(config).catch(exitOnConfigError);
  const server = createServer(app.koa.callback());
  server.listen(config.port, () => {
    app.logger.info({ port: config.port, issuer: config.issuer, seeded: app.seeded }, 'namens listening');
    if (cluster.isWorker) process.send!({ type: 'namens:listening', seeded: app.seeded } satisfies ListeningMessage);
    else printWelcome(config, app.seeded);
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.logger.info({ signal }, 'namens shutting down');
    server.close(() => {
      // The last checkpoint: the audit rows written since the previous one are anchored too.
      app
        .checkpointAudit()
        .catch((error: unknown) => app.logger.warn({ err: error }, 'audit checkpoint failed'))
        .then(() => app.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

let config: Config;
const envFile = loadEnvFile();
try {
  config = loadConfig();
} catch (error) {
  exitOnConfigError(error);
}
if (config.workers > 1 && cluster.isPrimary) await runWorkers(config, (seeded) => printWelcome(config, seeded));
else await serve(config);
