// Process entry: read the config, build the app, listen, and close cleanly on SIGINT/SIGTERM.
import { createServer } from 'node:http';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { SERVICES } from '../seeds/personas.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`namens: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const app = await buildApp(config).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`namens: ${error.message}`);
      process.exit(1);
    }
    throw error;
  });
  const server = createServer(app.koa.callback());
  server.listen(config.port, () => {
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
    app.logger.info({ port: config.port, issuer: config.issuer, seeded: app.seeded }, 'namens listening');
    console.log(`\nnamens is running${app.seeded ? ' (database seeded with development data)' : ''}.`);
    console.log(`  discovery:  ${config.issuer}/.well-known/openid-configuration`);
    console.log(`  catalog:    ${config.issuer}/catalog/services`);
    console.log(`  try it:     ${example.href}`);
    console.log('              (log in as jan / namens-test; the PKCE verifier of this URL is dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk)\n');
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.logger.info({ signal }, 'namens shutting down');
    server.close(() => {
      app.close().then(
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

await main();
