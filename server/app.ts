// The composition root: builds the database, the repositories, the Provider and the Koa app. It never
// listens (main.ts does), so tests build the whole application without a port.
import { readFile } from 'node:fs/promises';
import Koa from 'koa';
import Router from '@koa/router';
import type Provider from 'oidc-provider';
import { ConfigError, type Config } from './config/config.ts';
import { createMandateIndex } from './domain/mandate_index.ts';
import { createCsrf } from './http/csrf.ts';
import { handleErrors } from './http/handle_errors.ts';
import { setSecurityHeaders } from './http/security_headers.ts';
import { interactionRouter } from './interactions/router.ts';
import { catalogRouter } from './catalog/router.ts';
import { adminRouter } from './admin/router.ts';
import { createLogger, type Logger } from './logger.ts';
import { createAdapterClass } from './oidc/adapter.ts';
import { createFindAccount } from './oidc/find_account.ts';
import { createProvider } from './oidc/provider.ts';
import { createRequestedServiceResolver } from './oidc/requested_service.ts';
import { createServiceScopes } from './oidc/service_scopes.ts';
import { loadSigningKeys } from './oidc/signing_keys.ts';
import { createAuditLog } from './persistence/audit_repository.ts';
import { createCatalogRepository } from './persistence/catalog_repository.ts';
import { createClientRepository } from './persistence/client_repository.ts';
import { isEmpty, migrateLatest, openDatabase, type Database } from './persistence/database.ts';
import { createKeyRepository } from './persistence/key_repository.ts';
import { createMandateRegisters } from './persistence/mandate_registers.ts';
import { createOidcModelStore } from './persistence/oidc_model_store.ts';
import { createPersonRepository, createTestUserRepository } from './persistence/party_repository.ts';
import { seedDatabase } from '../seeds/seed.ts';

export interface App {
  koa: Koa;
  provider: Provider;
  db: Database;
  logger: Logger;
  /** Whether this start seeded an empty database. */
  seeded: boolean;
  close(): Promise<void>;
}

export interface BuildOptions {
  clock?: () => Date;
  logger?: Logger;
}

const STYLESHEET = new URL('../views/static/namens.css', import.meta.url);

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax });
  try {
    await migrateLatest(db);
    const seeded = config.seedOnStart && (await isEmpty(db));
    if (seeded) await seedDatabase(db, { testUserPassword: config.testUserPassword });

    const clients = createClientRepository(db);
    if (config.nodeEnv === 'production' && !config.allowDevelopmentSeedsInProduction && (await clients.countDevelopment()) > 0) {
      throw new ConfigError('refusing to start in production: the database holds development clients with published secrets');
    }

    const store = createOidcModelStore(db);
    const catalog = createCatalogRepository(db);
    const persons = createPersonRepository(db);
    const index = createMandateIndex(createMandateRegisters(db));
    const services = createRequestedServiceResolver(catalog);
    const serviceScopes = createServiceScopes(catalog);
    const provider = createProvider({
      issuer: config.issuer,
      cookieKeys: config.cookieKeys,
      jwks: await loadSigningKeys(createKeyRepository(db), config.keyRetentionSeconds),
      adapter: createAdapterClass(store, clients),
      findAccount: createFindAccount({ persons, catalog, index, issuer: config.issuer, clock }),
      services,
      serviceScopes,
      audit: createAuditLog(db),
      idTokenTtlSeconds: config.idTokenTtlSeconds,
      clock,
    });

    await serviceScopes.attach(provider);

    const koa = new Koa();
    koa.keys = config.cookieKeys;
    const stylesheet = await readFile(STYLESHEET, 'utf8');
    const site = new Router();
    site.get('/static/namens.css', (ctx) => {
      ctx.type = 'text/css';
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = stylesheet;
    });
    site.get('/health/live', (ctx) => {
      ctx.body = { status: 'ok' };
    });

    const interactions = interactionRouter({
      provider,
      csrf: createCsrf(config.cookieKeys[0]!),
      testUsers: config.testUsersEnabled ? createTestUserRepository(db) : undefined,
      persons,
      catalog,
      index,
      services,
      clock,
    });
    const catalogRoutes = catalogRouter(catalog);
    const adminRoutes = adminRouter({ db, provider, clients, serviceScopes, issuer: config.issuer, clock });
    const providerCallback = provider.callback();

    koa.use(setSecurityHeaders);
    koa.use(handleErrors(logger));
    koa.use(site.routes());
    koa.use(catalogRoutes.routes());
    koa.use(adminRoutes.routes());
    koa.use(adminRoutes.allowedMethods());
    koa.use(interactions.routes());
    koa.use(interactions.allowedMethods());
    // Everything else is oidc-provider's: discovery, authorize, token, userinfo, jwks, revocation, logout.
    koa.use(async (ctx) => {
      await providerCallback(ctx.req, ctx.res);
      ctx.respond = false;
    });

    provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc-provider server_error'));

    const sweeper = setInterval(() => {
      store.sweepExpired().catch((error: unknown) => logger.warn({ err: error }, 'sweep of expired models failed'));
    }, config.sweepIntervalSeconds * 1000);
    sweeper.unref();

    return {
      koa,
      provider,
      db,
      logger,
      seeded,
      async close() {
        clearInterval(sweeper);
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
