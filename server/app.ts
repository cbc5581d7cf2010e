// The composition root: builds the database, the repositories, the Provider and the Koa app. It never
// listens (main.ts does), so tests build the whole application without a port.
import Koa from 'koa';
import type Provider from 'oidc-provider';
import { ConfigError, type Config } from './config/config.ts';
import { createMandateIndex } from './domain/mandate_index.ts';
import { createCsrf } from './http/csrf.ts';
import { createRouter } from './routing/create_router.ts';
import { handleErrors } from './http/handle_errors.ts';
import { refuseUnknownPath } from './http/refuse_unknown_path.ts';
import { setSecurityHeaders } from './http/security_headers.ts';
import { chooseLocale } from './http/choose_locale.ts';
import { staticRouter } from './http/static_files.ts';
import { switchLocale } from './http/switch_locale.ts';
import { interactionRouter } from './interactions/router.ts';
import { catalogRouter } from './catalog/router.ts';
import { ensureMijnClient } from './mijn/mijn_client.ts';
import { mijnRouter } from './mijn/router.ts';
import { createMyMandatesRepository } from './persistence/my_mandates_repository.ts';
import { createMijnSessionStore } from './persistence/mijn_session_store.ts';
import type { MijnDeps } from './mijn/context.ts';
import { adminRouter } from './admin/router.ts';
import { authzenRouter } from './authzen/router.ts';
import { createDecisionLog } from './persistence/decision_log.ts';
import { createLogger, type Logger } from './logger.ts';
import { allowedByProfile, createAdapterClass } from './oidc/adapter.ts';
import { createFindAccount } from './oidc/find_account.ts';
import { createRecheckChoice } from './oidc/recheck_choice.ts';
import { createProvider, type ProviderDeps } from './oidc/provider.ts';
import { createRequestedServiceResolver } from './oidc/requested_service.ts';
import { createServiceScopes } from './oidc/service_scopes.ts';
import { loadSigningKeys, publishedSigningKeys, sameKeys } from './oidc/signing_keys.ts';
import { checkClientMetadata } from './oidc/check_client_metadata.ts';
import type { CheckWithProvider } from './clients/check_client.ts';
import { createAuditLog } from './persistence/audit_repository.ts';
import { readAuditHead } from './persistence/audit_chain.ts';
import { createCheckpointTaker, type SignedCheckpoint } from './audit/take_checkpoint.ts';
import { createCatalogRepository } from './persistence/catalog_repository.ts';
import { createClientRepository } from './persistence/client_repository.ts';
import { isEmpty, migrateLatest, openDatabase, type Database } from './persistence/database.ts';
import { createKeyRepository } from './persistence/key_repository.ts';
import { createDecisionRegisters, createMandateRegister, createMandateRegisters } from './persistence/mandate_registers.ts';
import { createOidcModelStore } from './persistence/oidc_model_store.ts';
import { createPersonRepository, createTestUserRepository } from './persistence/party_repository.ts';
import { withStartupLock } from './persistence/startup_lock.ts';
import { verifyPassword } from './domain/passwords.ts';
import { seedDatabase } from '../seeds/seed.ts';
import { checkReady } from './http/check_ready.ts';
import { logRequests } from './http/log_requests.ts';
import { createMetrics } from './http/metrics.ts';
import { showMetrics } from './http/show_metrics.ts';
import { instrumentProvider } from './oidc/instrument_provider.ts';
import { limitClientAuthentication } from './oidc/limit_client_authentication.ts';
import { limitTokenRequests } from './oidc/limit_token_requests.ts';
import { isProviderHotPath, routeToProvider } from './oidc/route_to_provider.ts';
import { createRateLimiter, sweepExpiredRateLimits } from './persistence/rate_limit_store.ts';
import { createUpstreamLogins } from './upstream/upstream_logins.ts';
import { upstreamRouter } from './upstream/router.ts';
import { createUpstreamEmployeeRepository } from './persistence/upstream_employee_repository.ts';
import { createUpstreamPersonRepository } from './persistence/upstream_person_repository.ts';
import { stripForwardedHeaders } from './http/strip_forwarded_headers.ts';
import { createNotificationStore } from './persistence/notification_store.ts';
import { createContactRepository } from './persistence/contact_repository.ts';
import { deliverNotifications } from './notifications/deliver_notifications.ts';
import { createSmtpMailer } from './notifications/smtp_mailer.ts';

export interface App {
  koa: Koa;
  provider: Provider;
  db: Database;
  logger: Logger;
  /** Whether this start seeded an empty database. */
  seeded: boolean;
  /** Signs, logs (and appends to AUDIT_CHECKPOINT_FILE) a checkpoint of the audit log, when it grew since the last. */
  checkpointAudit(): Promise<SignedCheckpoint | undefined>;
  close(): Promise<void>;
}

/** Runs `work` every `ms`, never two at once; stop() waits for the run under way. */
function runEvery(ms: number, work: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= work().finally(() => (running = undefined));
  }, ms);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export interface BuildOptions {
  clock?: () => Date;
  logger?: Logger;
  /**
   * Benchmarks only (bench/serve_namens.ts): accept a test user without checking the password, to measure what a
   * login costs when an upstream identity provider has done the authentication. No environment variable sets it.
   */
  skipPasswordCheck?: boolean;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase({
    databaseUrl: config.databaseUrl,
    poolMax: config.databasePoolMax,
    onWarning: (message) => logger.warn({ database: message.split('\n')[0] }, 'database connection problem'),
  });
  try {
    const keys = createKeyRepository(db);
    const { seeded, jwks: initialKeys } = await withStartupLock(db, async () => {
      await migrateLatest(db);
      const seed = config.seedOnStart && (await isEmpty(db));
      if (seed) await seedDatabase(db, { testUserPassword: config.testUserPassword });
      return { seeded: seed, jwks: await loadSigningKeys(keys, config.keyRetentionSeconds) };
    });

    const clients = createClientRepository(db);
    if (config.nodeEnv === 'production' && !config.allowDevelopmentSeedsInProduction && (await clients.countDevelopment()) > 0) {
      throw new ConfigError('refusing to start in production: the database holds development clients with published secrets');
    }

    await ensureMijnClient(clients, config.issuer);
    if (config.nlgovProfile === 'strict') {
      const refused = (await clients.list()).filter((client) => !allowedByProfile('strict', client));
      if (refused.length) {
        logger.warn(
          { clients: refused.map((client) => `${client.clientId} (${String(client.metadata.token_endpoint_auth_method)})`) },
          'NLGOV_PROFILE=strict: these clients authenticate in a way the NL GOV profile does not allow and are refused until changed (namens clients update <id> --auth-method private_key_jwt --jwks <file>)',
        );
      }
    }
    const { providerDeps, store, catalog, persons, employees, index, services, serviceScopes } = providerPartsOf(config, db, clock, clients);
    const metrics = createMetrics();
    // The rate limits (README, "Rate limits"), each placed in the pipeline of the action it guards.
    const limiters = {
      login: createRateLimiter(db, { keyPrefix: 'login', points: config.rateLimitLogin, durationSeconds: 15 * 60 }),
      loginFromAddress: createRateLimiter(db, { keyPrefix: 'login-address', points: config.rateLimitLoginAddress, durationSeconds: 15 * 60 }),
      activation: createRateLimiter(db, { keyPrefix: 'activation', points: config.rateLimitActivation, durationSeconds: 60 * 60 }),
      bsnChecks: createRateLimiter(db, { keyPrefix: 'bsn-checks', points: config.rateLimitBsnChecks, durationSeconds: 60 * 60 }),
      clientAuthFailures: createRateLimiter(db, { keyPrefix: 'client-auth', points: config.rateLimitClientAuthFailures, durationSeconds: 15 * 60 }),
      token: createRateLimiter(db, { keyPrefix: 'token', points: config.rateLimitToken, durationSeconds: 60 }),
      decisions: createRateLimiter(db, { keyPrefix: 'decisions', points: config.rateLimitToken, durationSeconds: 60 }),
    };
    const tokenRequests = limitTokenRequests(limiters.token);
    async function buildProvider(jwks: ProviderDeps['jwks']): Promise<Provider> {
      const built = createProvider({ ...providerDeps, jwks });
      instrumentProvider(built, metrics);
      limitClientAuthentication(built, tokenRequests.count);
      if (config.trustedProxies.length) built.proxy = true; // X-Forwarded-Proto from a trusted proxy makes ctx.secure true
      built.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc-provider server_error'));
      await serviceScopes.attach(built);
      return built;
    }

    // The keys are fixed when a Provider is built; a rotation (by any process) is picked up by rebuilding it.
    let jwks = initialKeys;
    let provider = await buildProvider(jwks);
    let providerCallback = provider.callback();
    async function refreshSigningKeys(): Promise<void> {
      const published = await publishedSigningKeys(keys, config.keyRetentionSeconds);
      if (!published || sameKeys(published, jwks)) return;
      const next = await buildProvider(published);
      [jwks, provider, providerCallback] = [published, next, next.callback()];
      logger.info({ kids: jwks.keys.map((key) => key.kid) }, 'signing keys changed; now publishing the new set');
    }

    const koa = new Koa();
    koa.keys = config.cookieKeys;
    if (config.trustedProxies.length) {
      // Trust X-Forwarded-* (stripped below from every other peer); the client address is the one the proxy appended.
      koa.proxy = true;
      koa.maxIpsCount = 1;
    }
    const site = createRouter();
    site.get('/taal/:lang', switchLocale);
    site.get('/health/live', (ctx) => {
      ctx.body = { status: 'ok' };
    });
    site.get('/health/ready', checkReady(db));
    site.get('/metrics', showMetrics(metrics));

    const decisionLog = createDecisionLog(db);
    const interactionDeps = {
      get provider() {
        return provider;
      },
      csrf: createCsrf(config.cookieKeys[0]!),
      // Test users log in only when both TEST_USERS_ENABLED and LOGIN_METHODS allow it.
      testUsers: config.testUsersEnabled && config.loginMethods.includes('test-users') ? createTestUserRepository(db) : undefined,
      verifyPassword: options.skipPasswordCheck ? async () => true : verifyPassword,
      persons,
      employees,
      catalog,
      index,
      services,
      clock,
      upstreamButtons: config.upstreamProviders.map(({ id, name, kind }) => ({ id, name, kind })),
    };
    const interactions = interactionRouter(interactionDeps, { login: limiters.login, loginFromAddress: limiters.loginFromAddress });
    const upstreams = upstreamRouter({
      ...interactionDeps,
      get provider() {
        return provider;
      },
      issuer: config.issuer,
      upstreams: createUpstreamLogins(config.upstreamProviders),
      upstreamPersons: createUpstreamPersonRepository(db),
      logger,
    });
    const catalogRoutes = catalogRouter(catalog);
    const mijnSessions = createMijnSessionStore(db);
    const mijnDeps: MijnDeps = {
      get provider() {
        return provider;
      },
      issuer: config.issuer,
      csrf: createCsrf(config.cookieKeys[0]!),
      persons,
      myMandates: createMyMandatesRepository(db),
      decisionLog,
      contacts: createContactRepository(db),
      catalog,
      sessions: mijnSessions,
      sessionLifetime: { idleMs: config.mijnSessionIdleSeconds * 1000, absoluteMs: config.mijnSessionMaxSeconds * 1000 },
      clock,
      logger,
      logActivationCodes: config.nodeEnv !== 'production',
    };
    const mijn = mijnRouter(mijnDeps, { activation: limiters.activation, bsnChecks: limiters.bsnChecks });
    const adminRoutes = adminRouter({
      db,
      get provider() {
        return provider;
      },
      clients,
      serviceScopes,
      issuer: config.issuer,
      profile: config.nlgovProfile,
      clock,
    });

    const decisions = authzenRouter(
      {
        get provider() {
          return provider;
        },
        clients,
        issuer: config.issuer,
        catalog,
        index,
        registers: createDecisionRegisters(db),
        decisionLog,
        clock,
      },
      limiters.decisions,
    );

    koa.use(stripForwardedHeaders(config.trustedProxies));
    koa.use(logRequests(logger));
    koa.use(setSecurityHeaders);
    koa.use(chooseLocale);
    koa.use(handleErrors(logger, (code) => metrics.errors.inc({ code })));
    // Everything that is not namens' own route is oidc-provider's: discovery, authorize, token, userinfo, jwks,
    // revocation, logout. Its busiest paths go there at once, past namens' routers (issue 18).
    const toProvider = routeToProvider(() => providerCallback, { clientAuthFailures: limiters.clientAuthFailures, tokenRequests });
    koa.use((ctx, next) => (isProviderHotPath(ctx.path) ? toProvider(ctx) : next()));
    koa.use((await staticRouter()).routes());
    koa.use(site.routes());
    koa.use(catalogRoutes.routes());
    koa.use(adminRoutes.routes());
    koa.use(adminRoutes.allowedMethods());
    koa.use(decisions.routes());
    koa.use(decisions.allowedMethods());
    koa.use(upstreams.routes());
    koa.use(interactions.routes());
    koa.use(interactions.allowedMethods());
    koa.use(mijn.routes());
    koa.use(mijn.allowedMethods());
    koa.use(refuseUnknownPath);
    koa.use(toProvider);

    const sweeper = setInterval(() => {
      store.sweepExpired().catch((error: unknown) => logger.warn({ err: error }, 'sweep of expired models failed'));
      sweepExpiredRateLimits(db).catch((error: unknown) => logger.warn({ err: error }, 'sweep of expired rate-limit counters failed'));
      mijnSessions.sweepExpired(clock().getTime()).catch((error: unknown) => logger.warn({ err: error }, 'sweep of expired /mijn sessions failed'));
    }, config.sweepIntervalSeconds * 1000);
    sweeper.unref();
    const checkpointAudit = createCheckpointTaker({
      readHead: () => readAuditHead(db),
      key: config.auditCheckpointKey,
      logger,
      file: config.auditCheckpointFile,
      clock,
    });
    const checkpoints = setInterval(() => {
      checkpointAudit().catch((error: unknown) => logger.warn({ err: error }, 'audit checkpoint failed'));
    }, config.auditCheckpointIntervalSeconds * 1000);
    checkpoints.unref();
    // Notifications (README, "Notifications"): collected and sent by every process; the outbox's leases keep them apart.
    const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : undefined;
    const notify = mailer && runEvery(config.notifyIntervalSeconds * 1000, () =>
      deliverNotifications({ outbox: createNotificationStore(db), mailer, clock, issuer: config.issuer, expiryDays: config.notifyExpiryDays, logger }).then(
        (report) => {
          if (report.sent || report.retried || report.failed) logger.info(report, 'notifications delivered');
        },
        (error: unknown) => logger.warn({ err: error }, 'notification delivery failed'),
      ),
    );
    const keyRefresh = setInterval(() => {
      refreshSigningKeys().catch((error: unknown) => logger.warn({ err: error }, 'signing key refresh failed'));
    }, config.keyRefreshSeconds * 1000);
    keyRefresh.unref();

    return {
      koa,
      get provider() {
        return provider;
      },
      db,
      logger,
      seeded,
      checkpointAudit,
      async close() {
        clearInterval(sweeper);
        clearInterval(checkpoints);
        clearInterval(keyRefresh);
        await notify?.stop();
        mailer?.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** What the Provider is built from: the same for the server and for the command line's check of client metadata. */
function providerPartsOf(config: Config, db: Database, clock: () => Date, clients = createClientRepository(db)) {
  const store = createOidcModelStore(db);
  const catalog = createCatalogRepository(db);
  const persons = createPersonRepository(db);
  const employees = createUpstreamEmployeeRepository(db);
  const index = createMandateIndex(createMandateRegisters(db));
  const services = createRequestedServiceResolver(catalog);
  const serviceScopes = createServiceScopes(catalog);
  const recheck = createRecheckChoice({ persons, employees, catalog, index, registers: createMandateRegister(db), clock });
  const refusals = createDecisionLog(db);
  const providerDeps: Omit<ProviderDeps, 'jwks'> = {
    issuer: config.issuer,
    cookieKeys: config.cookieKeys,
    adapter: createAdapterClass(store, clients, config.nlgovProfile),
    findAccount: createFindAccount({
      recheck,
      issuer: config.issuer,
      pairwiseSalt: config.pairwiseSalt,
      logRefusal: (refusal, clientId) => refusals.recordRefusal({ ...refusal, clientId, at: clock() }),
    }),
    recheck,
    services,
    serviceScopes,
    audit: createAuditLog(db),
    idTokenTtlSeconds: config.idTokenTtlSeconds,
    pairwiseSalt: config.pairwiseSalt,
    trustedProxies: config.trustedProxies,
    clientCertHeader: config.clientCertHeader,
    allowLoopbackFetch: config.nodeEnv !== 'production',
    clock,
    profile: config.nlgovProfile,
  };
  return { providerDeps, store, catalog, persons, employees, index, services, serviceScopes };
}

/**
 * For the command line (`namens clients add|update`): oidc-provider's check of client metadata, by a Provider built
 * exactly as the server builds it (never started), so a client the command line stores is one the server accepts.
 */
export async function createClientChecker(config: Config, db: Database): Promise<CheckWithProvider> {
  const { providerDeps, serviceScopes } = providerPartsOf(config, db, () => new Date());
  const jwks = await loadSigningKeys(createKeyRepository(db), config.keyRetentionSeconds);
  const provider = createProvider({ ...providerDeps, jwks });
  await serviceScopes.attach(provider);
  return checkClientMetadata(() => provider);
}
