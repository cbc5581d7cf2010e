// The command line: `npx namens <command>` (bin/namens.mjs runs this file through tsx; `tsx server/cli.ts` works too).
// Bad arguments print the usage and exit 2; a failure prints one clear line and exits 1.
import { createPublicKey } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { extname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from './config/config.ts';
import { loadEnvFile } from './config/load_env_file.ts';
import { ValidationFailed, NamensError } from './errors.ts';
import { REGISTERS, toRecord, type Register } from './domain/register_records.ts';
import { addMandate, endMandate } from './domain/register_mandates.ts';
import { REGISTER_CREATE_SCHEMAS } from './validation/schemas.ts';
import { createRegisterStore, loadCatalogLookup } from './persistence/register_store.ts';
import { registerClient, rotateClientSecret, updateClient } from './clients/manage_client.ts';
import { clientView } from './clients/client_metadata.ts';
import type { ClientDeps } from './clients/check_client.ts';
import { createClientChecker } from './app.ts';
import { readFile } from 'node:fs/promises';
import { violationsOf } from './validation/validate.ts';
import { IMPORT_FORMATS, runImport, type ImportFormat, type Rejection } from './imports/run_import.ts';
import { createProgressReporter } from './imports/progress.ts';
import { rotateSigningKeys } from './oidc/signing_keys.ts';
import { createCatalogAdmin } from './persistence/catalog_admin.ts';
import { createClientRepository } from './persistence/client_repository.ts';
import { isEmpty, migrateLatest, openDatabase, type Database } from './persistence/database.ts';
import { createKeyRepository } from './persistence/key_repository.ts';
import { readAuditHash, verifyAuditChain } from './persistence/audit_chain.ts';
import { checkpointKeyId, checkpointProblem, type Checkpoint } from './audit/checkpoint.ts';
import { readCheckpoints, readPublicKey } from './audit/read_checkpoints.ts';
import { verifyCheckpoint } from './audit/verify_checkpoint.ts';
import { seedDatabase } from '../seeds/seed.ts';
import { createNotificationStore } from './persistence/notification_store.ts';
import { deliverNotifications } from './notifications/deliver_notifications.ts';
import { createSmtpMailer } from './notifications/smtp_mailer.ts';

const USAGE = `usage: namens <command> [options]     (namens <command> --help for its options)

commands:
  migrate                     apply every pending migration
  seed                        migrate, then load the development data into an empty database
  import <file>               import register records (JSON Lines, CSV, BRP gezag) into the registers
  mandates add <register> <json>  add one mandate (as the admin API does)
  mandates end <register> <id>    end a mandate (from --ended-on, default today)
  mandates show <register> <id>   print a mandate
  clients list                list the registered clients
  clients add <client_id>     register a client; prints its secret once
  clients update <client_id>  change a client (what is not named stays)
  clients show <client_id>    print a client (never its secret)
  clients rotate-secret <client_id>  a new secret for a client, printed once
  clients remove <client_id>  delete a client
  services list               list the service catalog, withdrawn services included
  keys rotate                 add fresh signing keys; the current ones stay published until their tokens have expired
  audit show                  show the latest audit log entries
  notifications send          collect the due notifications and send them by e-mail now (SMTP_URL)
  audit verify                walk the audit log's hash chain; name the first row changed or removed; with
                              --checkpoint, also check that it still holds the signed checkpoints

The database is DATABASE_URL (default sqlite:data/namens.sqlite); see .env.example.
`;

class UsageError extends Error {}

interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals: number;
  run(db: Database, values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number>;
}


const CLIENT_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  provider: { type: 'string', multiple: true },
  public: { type: 'boolean' },
  'refresh-tokens': { type: 'boolean' },
  'may-receive-bsn': { type: 'boolean' },
  'auth-method': { type: 'string' },
  jwks: { type: 'string' },
  'jwks-uri': { type: 'string' },
  'backchannel-logout-uri': { type: 'string' },
  'id-token-encryption': { type: 'string' },
  'userinfo-signing': { type: 'string' },
  'require-par': { type: 'boolean' },
  'require-signed-request': { type: 'boolean' },
  'access-token-format': { type: 'string' },
  set: { type: 'string', multiple: true },
  from: { type: 'string' },
};

const CLIENT_OPTIONS_USAGE = `
client options:
  --name <name>                         client_name
  --redirect-uri <uri>...               redirect_uris
  --post-logout-redirect-uri <uri>...   post_logout_redirect_uris
  --provider <service provider id>...   service_provider_ids
  --auth-method <method>                token_endpoint_auth_method: private_key_jwt, tls_client_auth,
                                        self_signed_tls_client_auth, client_secret_basic, client_secret_post, none
  --public                              the same as --auth-method none (PKCE only)
  --refresh-tokens                      grant_types authorization_code and refresh_token
  --may-receive-bsn                     may_receive_bsn true
  --jwks <file>                         the app's public keys: a JWKS file, or one public JWK
  --jwks-uri <uri>                      where the app publishes its public keys
  --backchannel-logout-uri <uri>        backchannel_logout_uri
  --id-token-encryption <alg>[/<enc>]   encrypted ID tokens: RSA-OAEP-256 or ECDH-ES (enc A256GCM)
  --userinfo-signing <alg>              signed userinfo: ES256 or PS256
  --require-par                         require_pushed_authorization_requests true
  --require-signed-request              require_signed_request_object true
  --access-token-format <jwt|opaque>    namens_access_token_format
  --set <property>=<value>...           any other property; the value is read as JSON when it is JSON
  --from <file>                         a JSON file with the properties (as the admin API takes them); options win
`;

/** The client properties the options name, as the admin API's body would carry them. */
async function clientBodyOf(values: Record<string, string | boolean | string[] | undefined>): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = values.from ? (JSON.parse(await readFile(values.from as string, 'utf8')) as Record<string, unknown>) : {};
  for (const assignment of (values.set as string[] | undefined) ?? []) {
    const equals = assignment.indexOf('=');
    if (equals < 1) throw new UsageError(`--set needs <property>=<value>, got ${assignment}`);
    const raw = assignment.slice(equals + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    body[assignment.slice(0, equals)] = value;
  }
  const set = (name: string, value: unknown) => {
    if (value !== undefined) body[name] = value;
  };
  set('client_name', values.name);
  set('redirect_uris', values['redirect-uri']);
  set('post_logout_redirect_uris', values['post-logout-redirect-uri']);
  set('service_provider_ids', values.provider);
  set('token_endpoint_auth_method', values.public ? 'none' : values['auth-method']);
  if (values['refresh-tokens']) body.grant_types = ['authorization_code', 'refresh_token'];
  if (values['may-receive-bsn']) body.may_receive_bsn = true;
  if (values.jwks) {
    const parsed = JSON.parse(await readFile(values.jwks as string, 'utf8')) as { keys?: unknown };
    body.jwks = Array.isArray(parsed.keys) ? parsed : { keys: [parsed] };
  }
  set('jwks_uri', values['jwks-uri']);
  set('backchannel_logout_uri', values['backchannel-logout-uri']);
  if (values['id-token-encryption']) {
    const [alg, enc = 'A256GCM'] = (values['id-token-encryption'] as string).split('/');
    Object.assign(body, { id_token_encrypted_response_alg: alg, id_token_encrypted_response_enc: enc });
  }
  set('userinfo_signed_response_alg', values['userinfo-signing']);
  if (values['require-par']) body.require_pushed_authorization_requests = true;
  if (values['require-signed-request']) body.require_signed_request_object = true;
  set('namens_access_token_format', values['access-token-format']);
  return body;
}

async function clientDepsOf(db: Database): Promise<ClientDeps> {
  const config = loadConfig();
  return { clients: createClientRepository(db), catalog: createCatalogAdmin(db), checkWithProvider: await createClientChecker(config, db), profile: config.nlgovProfile };
}

const COMMANDS: Record<string, Command> = {
  migrate: {
    usage: 'usage: namens migrate\n\nApplies every pending migration.\n',
    options: {},
    positionals: 0,
    async run() {
      console.log('migrated');
      return 0;
    },
  },
  seed: {
    usage: 'usage: namens seed\n\nMigrates, then loads the development data (test users, demo clients, catalog, mandates) into an empty database.\n',
    options: {},
    positionals: 0,
    async run(db) {
      if (!(await isEmpty(db))) {
        console.error('namens: the database is not empty; seeding skipped');
        return 1;
      }
      await seedDatabase(db, { testUserPassword: loadConfig().testUserPassword });
      console.log('seeded the development data');
      return 0;
    },
  },
  'keys rotate': {
    usage: 'usage: namens keys rotate\n\nAdds fresh keys (ES256 and PS256 signing, ECDH-ES and RSA-OAEP-256 encryption); the previous ones stay published for KEY_RETENTION_SECONDS.\n',
    options: {},
    positionals: 0,
    async run(db) {
      const kids = await rotateSigningKeys(createKeyRepository(db));
      const config = loadConfig();
      console.log(`new keys: ${kids.join(', ')}; the previous keys stay published for ${config.keyRetentionSeconds} s.`);
      console.log(`running servers publish and sign with them within KEY_REFRESH_SECONDS (${config.keyRefreshSeconds} s).`);
      return 0;
    },
  },
  import: {
    usage: `usage: namens import <file> [--format jsonl|csv|brp-gezag] [--register legal|company|voluntary] [--partial] [--rejects <file>]

Imports register records, upserting each by its source_record_id: importing the same file twice changes nothing.
  --format     jsonl (.jsonl, .ndjson) or csv (.csv) by the file's extension; brp-gezag must be named: one BRP API
               gezag response ({"personen": [...]}) or one person per line, translated into legal mandates
  --register   the register of jsonl and csv records: legal, company or voluntary (see README: Registers)
  --partial    import the valid records, and write the rejected ones with reasons to --rejects
               (default <file>.rejects.jsonl); without it any invalid record aborts the import and nothing is written
`,
    options: { format: { type: 'string' }, register: { type: 'string' }, partial: { type: 'boolean' }, rejects: { type: 'string' } },
    positionals: 1,
    async run(db, values, [file]) {
      const format = (values.format as string | undefined) ?? { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv' }[extname(file!).toLowerCase()];
      if (!IMPORT_FORMATS.includes(format as ImportFormat)) throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')} (the file's extension does not say)`);
      if (format !== 'brp-gezag' && !REGISTERS.includes(values.register as Register)) throw new UsageError(`--register must be one of ${REGISTERS.join(', ')}`);
      if (values.rejects && !values.partial) throw new UsageError('--rejects only goes with --partial');
      let size: number;
      try {
        size = statSync(file!).size;
      } catch {
        throw new Error(`cannot read ${file}`);
      }
      const rejectsPath = (values.rejects as string | undefined) ?? `${file}.rejects.jsonl`;
      const rejects = values.partial ? createWriteStream(rejectsPath) : undefined;
      const progress = createProgressReporter(size);
      const report = await runImport(db, createReadStream(file!), {
        format: format as ImportFormat,
        register: (values.register as Register | undefined) ?? 'legal',
        partial: Boolean(values.partial),
        actor: 'cli',
        source: file,
        onProgress: (p) => progress.update(p),
        onReject: rejects
          ? async (rejection: Rejection) => {
              if (!rejects.write(`${JSON.stringify(rejection)}\n`)) await once(rejects, 'drain');
            }
          : undefined,
      }).finally(() => progress.stop());
      if (rejects) {
        rejects.end();
        await once(rejects, 'finish');
      }
      const rate = Math.round(report.records / Math.max(report.seconds, 0.001));
      if (report.status === 'aborted') {
        for (const error of report.errors) for (const v of error.violations) console.error(`line ${error.line}: ${v.pointer || '/'} ${v.message}`);
        if (report.rejected > report.errors.length) console.error(`… and ${report.rejected - report.errors.length} more invalid records`);
        console.error(`namens: import aborted: ${report.rejected} of ${report.records} records are invalid; nothing was imported`);
        return 1;
      }
      console.log(`imported ${report.written} of ${report.records} records into the ${report.register} register in ${report.seconds.toFixed(1)} s (${rate} records/s)` +
        (values.partial ? `; ${report.rejected} rejected, written with reasons to ${rejectsPath}` : ''));
      return 0;
    },
  },
  'clients list': {
    usage: 'usage: namens clients list\n\nLists the registered clients (never their secrets).\n',
    options: {},
    positionals: 0,
    async run(db) {
      for (const client of await createClientRepository(db).list()) {
        const view = clientView(client) as Record<string, unknown>;
        console.log([view.client_id, view.client_name ?? '', (view.grant_types as string[] | null)?.join(',') ?? '', client.serviceProviderIds.join(',') || '-', (view.redirect_uris as string[]).join(' ') || '-'].join('\t'));
      }
      return 0;
    },
  },
  'clients add': {
    usage: `usage: namens clients add <client_id> --name <name> [client options]

Registers an app: for the authorization code flow (client_secret_basic unless --auth-method or --public says
otherwise), or with --admin operator tooling that gets admin API tokens by client credentials. Checked as the admin
API checks it (its JSON Schema, namens' rules, oidc-provider's client schema). Prints the client secret once, for the
methods that use one; namens keeps only its hash.
${CLIENT_OPTIONS_USAGE}`,
    options: { ...CLIENT_OPTIONS, admin: { type: 'boolean' } },
    positionals: 1,
    async run(db, values, [clientId]) {
      if (!values.name && !values.from) throw new UsageError('--name is required');
      const flags = await clientBodyOf(values);
      const defaults = values.admin
        ? { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', scope: 'namens:admin' }
        : { grant_types: values['refresh-tokens'] ? ['authorization_code', 'refresh_token'] : ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic' };
      const body = { client_id: clientId, ...defaults, ...flags };
      const violations = violationsOf('ClientCreate', body);
      if (violations.length) throw new ValidationFailed(violations);
      const { record, secret } = await registerClient(await clientDepsOf(db), body);
      console.log(`registered client ${record.clientId}`);
      if (secret) console.log(`client secret (shown once, store it now): ${secret}`);
      return 0;
    },
  },
  'clients update': {
    usage: `usage: namens clients update <client_id> [client options] [--unset <property>]...

Changes a client as PATCH /admin/api/clients/<client_id> does: what no option names stays; --unset removes an optional
property. A move to client_secret_basic or client_secret_post prints the new secret once.
${CLIENT_OPTIONS_USAGE}`,
    options: { ...CLIENT_OPTIONS, unset: { type: 'string', multiple: true } },
    positionals: 1,
    async run(db, values, [clientId]) {
      const patch: Record<string, unknown> = await clientBodyOf(values);
      for (const name of (values.unset as string[] | undefined) ?? []) patch[name] = null;
      if (!Object.keys(patch).length) throw new UsageError('nothing to change: give at least one option');
      const violations = violationsOf('ClientUpdate', patch);
      if (violations.length) throw new ValidationFailed(violations);
      const { record, secret } = await updateClient(await clientDepsOf(db), clientId!, patch);
      console.log(`updated client ${record.clientId}`);
      if (secret) console.log(`client secret (shown once, store it now): ${secret}`);
      return 0;
    },
  },
  'clients show': {
    usage: 'usage: namens clients show <client_id>\n\nPrints a client as the admin API shows it (JSON; never its secret).\n',
    options: {},
    positionals: 1,
    async run(db, _values, [clientId]) {
      const client = await createClientRepository(db).find(clientId!);
      if (!client) throw new Error(`no client ${clientId}`);
      console.log(JSON.stringify(clientView(client), null, 2));
      return 0;
    },
  },
  'clients rotate-secret': {
    usage: 'usage: namens clients rotate-secret <client_id>\n\nGives a client_secret_basic or client_secret_post client a new secret, printed once; the old one stops working at once.\n',
    options: {},
    positionals: 1,
    async run(db, _values, [clientId]) {
      const { secret } = await rotateClientSecret({ clients: createClientRepository(db) }, clientId!);
      console.log(`client secret of ${clientId} (shown once, store it now): ${secret}`);
      return 0;
    },
  },
  'clients remove': {
    usage: 'usage: namens clients remove <client_id>\n\nDeletes a client; its next request is refused.\n',
    options: {},
    positionals: 1,
    async run(db, _values, [clientId]) {
      if (!(await createClientRepository(db).remove(clientId!))) throw new Error(`no client ${clientId}`);
      console.log(`removed client ${clientId}`);
      return 0;
    },
  },
  'services list': {
    usage: 'usage: namens services list\n\nLists the catalog: UUID (scope urn:uuid:<uuid>), id, provider, domains, and whether withdrawn.\n',
    options: {},
    positionals: 0,
    async run(db) {
      for (const service of await createCatalogAdmin(db).listServices()) {
        console.log([service.uuid, service.id, service.service_provider_id, service.domains.join(','), service.withdrawn_at ? `withdrawn ${service.withdrawn_at}` : 'active'].join('\t'));
      }
      return 0;
    },
  },
  'notifications send': {
    usage: `usage: namens notifications send

Collects the notifications of the changes since the last run and of the mandates about to expire (NOTIFY_EXPIRY_DAYS)
or expired, and sends the due ones by e-mail through SMTP_URL (from MAIL_FROM), as the server does every
NOTIFY_INTERVAL_SECONDS. Prints how many were sent, retried later, given up and dropped.
`,
    options: {},
    positionals: 0,
    async run(db) {
      const config = loadConfig();
      if (!config.smtpUrl) throw new UsageError('SMTP_URL is not set: there is no server to send the e-mail through');
      const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom);
      try {
        const report = await deliverNotifications({ outbox: createNotificationStore(db), mailer, clock: () => new Date(), issuer: config.issuer, expiryDays: config.notifyExpiryDays });
        console.log(`sent ${report.sent}, retrying later ${report.retried}, given up ${report.failed}, dropped ${report.dropped}`);
        return report.failed ? 1 : 0;
      } finally {
        mailer.close();
      }
    },
  },
  'audit show': {
    usage: `usage: namens audit show [--agent <BSN or party id>] [--principal <BSN, KvK or party id>] [--client <client_id>] [--limit <n>]

Shows the latest audit log entries (mandate use, register changes, imports), newest first; default 50. A party is
named by BSN (9 digits), KvK number (8 digits), or by the party id the entries show (e.g. an eHerkenning employee's).
`,
    options: { agent: { type: 'string' }, principal: { type: 'string' }, client: { type: 'string' }, limit: { type: 'string' } },
    positionals: 0,
    async run(db, values) {
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be an integer from 1 to 10000');
      const party = (named: string) =>
        /^\d{8}$/.test(named) ? db('parties').select('id').where('kvk', named) : /^\d{9}$/.test(named) ? db('parties').select('id').where('bsn', named) : [named];
      const query = db('audit_log').orderBy('seq', 'desc').limit(limit);
      if (values.agent) query.whereIn('agent_id', party(values.agent as string));
      if (values.principal) query.whereIn('principal_id', party(values.principal as string));
      if (values.client) query.where('client_id', values.client as string);
      for (const row of await query) {
        console.log([new Date(Number(row.at)).toISOString(), row.event, row.client_id ?? '-', row.agent_id ?? '-', row.principal_id ?? '-', row.service_uuid ?? '-', row.mandate_id ?? '-', row.detail ?? ''].join('\t'));
      }
      return 0;
    },
  },
};

const registerOf = (name: string | undefined): Register => {
  if (!REGISTERS.includes(name as Register)) throw new UsageError(`the register must be one of ${REGISTERS.join(', ')}`);
  return name as Register;
};

COMMANDS['mandates add'] = {
  usage: `usage: namens mandates add <legal|company|voluntary> '<JSON record>'

Adds one mandate, exactly as POST /admin/api/<register>-mandates does: the same JSON Schema (LegalMandateCreate,
CompanyMandateCreate, VoluntaryMandateCreate in the OpenAPI document), the same rules, one transaction with its audit
entry. A twin of a mandate in the register, or a taken id, is refused. Prints the new mandate's id.
`,
  options: {},
  positionals: 2,
  async run(db, _values, [name, json]) {
    const register = registerOf(name);
    let body: unknown;
    try {
      body = JSON.parse(json!);
    } catch (error) {
      throw new UsageError(`the record is not valid JSON: ${(error as Error).message}`);
    }
    const violations = violationsOf(REGISTER_CREATE_SCHEMAS[register], body);
    if (violations.length) throw new ValidationFailed(violations);
    const outcome = await addMandate(createRegisterStore(db), toRecord(register, body as Record<string, unknown>), await loadCatalogLookup(db), 'cli', new Date(), 'cli');
    if ('conflict' in outcome) throw new Error(outcome.conflict);
    if ('violations' in outcome) throw new ValidationFailed(outcome.violations);
    console.log(`added ${register} mandate ${outcome.id}`);
    return 0;
  },
};

COMMANDS['mandates end'] = {
  usage: `usage: namens mandates end <legal|company|voluntary> <id> [--ended-on <YYYY-MM-DD>]

Ends a mandate from --ended-on (default today) on, as POST /admin/api/<register>-mandates/<id>/end does; a voluntary
mandate is revoked. Its tokens are refused from then on.
`,
  options: { 'ended-on': { type: 'string' } },
  positionals: 2,
  async run(db, values, [name, id]) {
    const register = registerOf(name);
    const body = values['ended-on'] === undefined ? {} : { ended_on: values['ended-on'] };
    const violations = violationsOf('MandateEnd', body);
    if (violations.length) throw new ValidationFailed(violations);
    if (!(await endMandate(createRegisterStore(db), register, id!.toLowerCase(), (body as { ended_on?: string }).ended_on ?? null, 'cli', new Date(), 'cli'))) {
      throw new Error(`no ${register} mandate ${id}`);
    }
    console.log(`ended ${register} mandate ${id!.toLowerCase()}`);
    return 0;
  },
};

COMMANDS['mandates show'] = {
  usage: 'usage: namens mandates show <legal|company|voluntary> <id>\n\nPrints the mandate as the admin API shows it (JSON).\n',
  options: {},
  positionals: 2,
  async run(db, _values, [name, id]) {
    const mandate = await createRegisterStore(db).find(registerOf(name), id!.toLowerCase());
    if (!mandate) throw new Error(`no ${name} mandate ${id}`);
    console.log(JSON.stringify(mandate, null, 2));
    return 0;
  },
};

COMMANDS['audit verify'] = {
  usage: `usage: namens audit verify [--checkpoint <file, JSON line or JWS>] [--public-key <file, JWK or PEM>]

Walks the audit log's hash chain from the first row to the last and names the first row that was changed, removed or
inserted outside namens. Exits 0 when the chain is whole, 1 when it is broken.

The chain alone cannot show its newest rows removed together with its head (the shorter chain is whole). namens
signs checkpoints of it (the log line "audit checkpoint", and AUDIT_CHECKPOINT_FILE) with AUDIT_CHECKPOINT_KEY, which
the database does not hold:
  --checkpoint   a checkpoint (its JWS, or a JSON line holding one), or a file of them (a log file will do): each must
                 verify with the public key, and the chain must still reach its row with its hash
  --public-key   the checkpoint key's public half (default: the public half of AUDIT_CHECKPOINT_KEY)
`,
  options: { checkpoint: { type: 'string' }, 'public-key': { type: 'string' } },
  positionals: 0,
  async run(db, values) {
    if (values['public-key'] !== undefined && values.checkpoint === undefined) throw new UsageError('--public-key only goes with --checkpoint');
    let checkpoints: Checkpoint[] = [];
    let kid = '';
    if (values.checkpoint !== undefined) {
      const publicKey = values['public-key'] === undefined ? createPublicKey(loadConfig().auditCheckpointKey) : await readPublicKey(values['public-key'] as string);
      kid = await checkpointKeyId(publicKey);
      for (const jws of await readCheckpoints(values.checkpoint as string)) checkpoints.push(await verifyCheckpoint(jws, publicKey));
      checkpoints = checkpoints.sort((a, b) => a.seq - b.seq);
    }
    const report = await verifyAuditChain(db);
    if (report.breaks) {
      console.error(`namens: the audit log was tampered with at row ${report.breaks.seq}: ${report.breaks.problem} (${report.rows} rows before it verified)`);
      return 1;
    }
    for (const checkpoint of checkpoints) {
      const problem = checkpointProblem(checkpoint, { lastSeq: report.lastSeq, hashAtSeq: await readAuditHash(db, checkpoint.seq) });
      if (problem) {
        console.error(`namens: the audit log was tampered with: ${problem}`);
        return 1;
      }
    }
    const latest = checkpoints.at(-1);
    const anchored = latest ? `; holds ${checkpoints.length === 1 ? 'the signed checkpoint' : `all ${checkpoints.length} signed checkpoints`} (key ${kid}), the latest of ${latest.at} at row ${latest.seq}` : '';
    console.log(`audit log verified: ${report.rows} rows, hash chain intact${anchored}`);
    return 0;
  },
};

async function run(args: string[]): Promise<number> {
  const name = [`${args[0]} ${args[1]}`, args[0]].find((candidate) => candidate !== undefined && COMMANDS[candidate]);
  if (!name) {
    const help = args.length === 0 || ['--help', '-h', 'help'].includes(args[0]!);
    (help ? process.stdout : process.stderr).write(USAGE);
    return help && args.length <= 1 ? 0 : 2;
  }
  const command = COMMANDS[name]!;
  const rest = args.slice(name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== command.positionals) throw new UsageError(`expected ${command.positionals || 'no'} argument${command.positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
  } catch (error) {
    process.stderr.write(`namens ${name}: ${(error as Error).message}\n\n${command.usage}`);
    return 2;
  }
  const config = loadConfig();
  const db = openDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax });
  try {
    await migrateLatest(db);
    return await command.run(db, parsed.values as Record<string, string | boolean | string[] | undefined>, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`namens ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

function oneLine(error: unknown): string {
  if (error instanceof ValidationFailed) return error.violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ');
  if (error instanceof ConfigError || error instanceof NamensError || error instanceof Error) return error.message;
  return String(error);
}

loadEnvFile();
run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`namens: ${oneLine(error)}`);
    process.exit(1);
  },
);
