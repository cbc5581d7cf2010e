// Benchmark of the bulk import: N generated legal mandates (JSON Lines, the project's own record shape) imported
// all-or-nothing through runImport (the code path of `npx namens import`) into a scratch SQLite database, every
// person new (so each record also creates its parties). Prints records/s, the peak RSS of the process, and how long
// the import held the event loop at a time (SQLite is synchronous: an import through the admin API runs in the server).
// Run: npm run bench:import                  (10^6 records)
//      npm run bench:import -- --records 100000
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDERS, SERVICES } from '../seeds/personas.ts';
import { serviceRow } from '../server/persistence/catalog_repository.ts';
import { migrateLatest, openDatabase } from '../server/persistence/database.ts';
import { runImport } from '../server/imports/run_import.ts';
import { isBsn } from '../server/domain/identifiers.ts';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const RECORDS = Number((option('records') ?? '1000000').replace(/_/g, ''));
if (!Number.isInteger(RECORDS) || RECORDS < 1) {
  console.error('--records: expected a positive integer');
  process.exit(2);
}

/** The n-th valid BSN from a 8-digit start: the ninth digit makes the eleven-test pass (skipping those that cannot). */
function* bsns(start: number): Generator<string> {
  for (let prefix = start; ; prefix++) {
    const digits = String(prefix).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
    const check = sum % 11;
    if (check === 10 || !isBsn(`${digits}${check}`)) continue;
    yield `${digits}${check}`;
  }
}

const TYPES = ['bewind', 'mentorschap', 'curatele', 'ouderlijk_gezag'] as const;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const dir = mkdtempSync(join(tmpdir(), 'namens-bench-import-'));
try {
  const file = join(dir, 'legal.jsonl');
  const representatives = [...(function* () {
    const source = bsns(10_000_000);
    for (let i = 0; i < Math.max(1, Math.floor(RECORDS / 10)); i++) yield source.next().value as string;
  })()];
  const represented = bsns(30_000_000);
  const out = createWriteStream(file);
  for (let i = 0; i < RECORDS; i++) {
    const type = TYPES[i % TYPES.length]!;
    const record = {
      source_record_id: `bench:${i}`,
      representative_bsn: representatives[i % representatives.length],
      represented_bsn: represented.next().value,
      ...(type === 'ouderlijk_gezag' ? { represented_birth_date: '2015-06-01' } : {}),
      type,
      professional: type !== 'ouderlijk_gezag',
      valid_from: '2024-01-01',
      ...(i % 3 === 0 ? { valid_until: '2030-12-31' } : {}),
    };
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.log(`generated ${RECORDS.toLocaleString('en-US')} legal mandates (${mb(statSync(file).size)} of JSON Lines)`);

  const db = openDatabase({ databaseUrl: `sqlite:${join(dir, 'bench.sqlite')}`, poolMax: 1 });
  await migrateLatest(db);
  await db('service_providers').insert(PROVIDERS.map((p) => ({ id: p.id, name: p.name, oin: p.oin, may_receive_bsn: p.mayReceiveBsn })));
  await db('services').insert(SERVICES.map(serviceRow));
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const report = await runImport(db, createReadStream(file), { format: 'jsonl', register: 'legal', partial: false, actor: 'bench' });
  delay.disable();
  const counted = await db('legal_mandates').count({ n: '*' }).first();
  await db.destroy();
  if (report.status !== 'imported' || Number(counted?.n) !== RECORDS) {
    console.error(`the import did not write every record: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 3) })}`);
    process.exit(1);
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`imported ${RECORDS.toLocaleString('en-US')} records (and ${(RECORDS + representatives.length).toLocaleString('en-US')} new parties) in ${report.seconds.toFixed(1)} s`);
  console.log(`records/s: ${Math.round(RECORDS / report.seconds).toLocaleString('en-US')}`);
  const ms = (ns: number) => `${(ns / 1e6).toFixed(0)} ms`;
  console.log(`event loop held at a time: p50 ${ms(delay.percentile(50))}, p99 ${ms(delay.percentile(99))}, max ${ms(delay.max)}`);
  console.log(`peak RSS: ${mb(peak)} (before the import: ${mb(rssBefore)}; Node ${process.version})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
