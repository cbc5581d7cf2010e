// Bulk import of register records, streamed: JSON Lines of namens' own records, CSV with a header row of the same
// fields, or the BRP API's gezag (one response or one person per line) translated into legal mandates.
// Records are upserted by source record id in batches inside one transaction. All-or-nothing by default: any invalid
// record rolls everything back and every error is reported by line; `partial` keeps the valid ones and hands the
// rejects to `onReject`. Memory stays flat: one batch in memory, at most MAX_LISTED_ERRORS errors kept for the report.
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { parse as parseCsv, type CsvError } from 'csv-parse';
import { dutchDate, type IsoDate } from '../domain/dates.ts';
import { recordViolations, toRecord, translateBrpPerson, type Register, type RegisterRecord, type Violation } from '../domain/register_records.ts';
import type { SchemaName } from '../validation/schemas.ts';
import { violationsOf } from '../validation/validate.ts';
import type { Database } from '../persistence/database.ts';
import { epochSeconds, isPostgres } from '../persistence/database.ts';
import { endUnlistedBrpMandates, importBatch } from '../domain/register_mandates.ts';
import { createRegisterWriter, loadCatalogLookup } from '../persistence/register_store.ts';
import { appendAudit } from '../persistence/audit_chain.ts';

export type ImportFormat = 'jsonl' | 'csv' | 'brp-gezag';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['jsonl', 'csv', 'brp-gezag'];

/** Records per batch (one party lookup, one multi-row upsert). */
export const BATCH_SIZE = 2000;
/** Errors kept for the report; beyond this they are counted (and, with `partial`, still written to the rejects). */
export const MAX_LISTED_ERRORS = 1000;

const RECORD_SCHEMAS: Record<Register, SchemaName> = {
  legal: 'LegalMandateRecord',
  company: 'CompanyMandateRecord',
  voluntary: 'VoluntaryMandateRecord',
};
const LIST_COLUMNS = new Set(['services', 'service_sets']);

export interface Rejection {
  line: number;
  violations: Violation[];
  input?: unknown;
}

export interface ImportProgress {
  records: number;
  rejected: number;
  bytes: number;
}

export interface ImportOptions {
  format: ImportFormat;
  /** The register of jsonl and csv records; brp-gezag always fills the legal register. */
  register: Register;
  partial: boolean;
  today?: IsoDate;
  /** Called every few thousand records and at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** Every rejected record (partial imports write these to a file). */
  onReject?: (rejection: Rejection) => void | Promise<void>;
  /** Who imports (a client id or `cli`), for the audit log. */
  actor: string;
  source?: string;
}

export interface ImportReport {
  status: 'imported' | 'aborted';
  format: ImportFormat;
  register: Register;
  records: number;
  written: number;
  rejected: number;
  /** The first MAX_LISTED_ERRORS rejections, by line. */
  errors: Rejection[];
  seconds: number;
}

interface Item {
  line: number;
  value?: unknown;
  violations?: Violation[];
}

async function* jsonLines(input: Readable): AsyncGenerator<Item> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (error) {
      yield { line, violations: [{ pointer: '', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
}

async function* csvRows(input: Readable): AsyncGenerator<Item> {
  const skipped: Item[] = [];
  const parser = parseCsv({ columns: true, info: true, bom: true, skip_empty_lines: true, trim: true, skip_records_with_error: true });
  parser.on('skip', (error: CsvError) => skipped.push({ line: Number(error.lines ?? 0), violations: [{ pointer: '', message: error.message }] }));
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    const value: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(record)) {
      if (cell === '') continue;
      value[column] = LIST_COLUMNS.has(column) ? cell.split(';').map((part) => part.trim()).filter(Boolean) : cell;
    }
    yield { line: info.lines, value };
  }
  while (skipped.length) yield skipped.shift()!;
}

export async function runImport(db: Database, source: Readable, options: ImportOptions): Promise<ImportReport> {
  const started = process.hrtime.bigint();
  const progress: ImportProgress = { records: 0, rejected: 0, bytes: 0 };
  // Counts the bytes read (for the estimate); piped before any await, so nothing flows past unread.
  const input = source.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        progress.bytes += chunk.length;
        done(null, chunk);
      },
    }),
  );
  source.on('error', (error) => input.destroy(error));
  const register: Register = options.format === 'brp-gezag' ? 'legal' : options.register;
  const today = options.today ?? dutchDate(new Date());
  const catalog = await loadCatalogLookup(db);
  const errors: Rejection[] = [];
  let written = 0;
  const reject = async (rejection: Rejection) => {
    progress.rejected++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ line: rejection.line, violations: rejection.violations });
    await options.onReject?.(rejection);
  };

  const trx = await db.transaction();
  const writer = createRegisterWriter(trx);
  let writing: Promise<void> = Promise.resolve();
  // A bigger page cache for the import's index updates (SQLite's default is 2 MB); it lasts as long as the connection.
  if (!isPostgres(db)) await trx.raw('PRAGMA cache_size = -65536');
  try {
    let batch: Array<{ index: number; record: RegisterRecord }> = [];
    let minors: Array<{ minors: string[]; keep: Set<string> }> = [];
    const inputs = new Map<number, unknown>();
    // The batch being written; the next one is read and validated meanwhile (SQLite writes on its own thread).
    const write = async (entries: typeof batch, batchMinors: typeof minors, batchInputs: Map<number, unknown>) => {
      const problems = await importBatch(writer, register, entries, catalog);
      const failedLines = new Set(problems.map((problem) => problem.index));
      written += new Set(entries.filter((entry) => !failedLines.has(entry.index)).map((entry) => entry.index)).size;
      for (const problem of problems) await reject({ line: problem.index, violations: problem.violations, input: batchInputs.get(problem.index) });
      for (const entry of batchMinors) await endUnlistedBrpMandates(writer, entry.minors, entry.keep, today);
    };
    const flush = async () => {
      await writing;
      if (!batch.length) return;
      writing = write(batch, minors, new Map(inputs));
      batch = [];
      minors = [];
      inputs.clear();
      // Surface a failed write at the next flush at the latest; keep it from being an unhandled rejection meanwhile.
      writing.catch(() => {});
    };
    const items = options.format === 'csv' ? csvRows(input) : jsonLines(input);
    for await (const item of items) {
      progress.records++;
      if (progress.records % 10_000 === 0) options.onProgress?.({ ...progress });
      if (item.violations) {
        await reject({ line: item.line, violations: item.violations });
        continue;
      }
      if (options.format === 'brp-gezag') {
        const value = item.value as { personen?: unknown[] };
        const persons = value && typeof value === 'object' && Array.isArray(value.personen) ? value.personen : [value];
        const violations: Violation[] = [];
        const records: RegisterRecord[] = [];
        const lineMinors: string[] = [];
        persons.forEach((person, p) => {
          const prefix = persons.length > 1 || Array.isArray(value?.personen) ? `/personen/${p}` : '';
          const schemaViolations = violationsOf('BrpGezagPerson', person);
          if (schemaViolations.length) {
            violations.push(...schemaViolations.map((v) => ({ ...v, pointer: `${prefix}${v.pointer}` })));
            return;
          }
          const translated = translateBrpPerson(person as Parameters<typeof translateBrpPerson>[0], today, prefix);
          violations.push(...translated.violations);
          records.push(...translated.records);
          lineMinors.push(...translated.minors);
        });
        if (violations.length) {
          await reject({ line: item.line, violations, input: item.value });
          continue;
        }
        for (const record of records) batch.push({ index: item.line, record });
        minors.push({ minors: lineMinors, keep: new Set(records.map((record) => record.sourceRecordId!)) });
      } else {
        const violations = violationsOf(RECORD_SCHEMAS[register], item.value, { coerce: options.format === 'csv' });
        const record = violations.length ? undefined : toRecord(register, item.value as Record<string, unknown>);
        if (record) violations.push(...recordViolations(record));
        if (violations.length || !record) {
          await reject({ line: item.line, violations, input: item.value });
          continue;
        }
        batch.push({ index: item.line, record });
      }
      inputs.set(item.line, item.value);
      if (batch.length >= BATCH_SIZE) await flush();
    }
    await flush();
    await writing;

    const aborted = progress.rejected > 0 && !options.partial;
    if (aborted) {
      await trx.rollback();
      written = 0;
    } else {
      await appendAudit(trx, {
        event: 'register.imported',
        at: Date.now(),
        client_id: options.actor,
        detail: JSON.stringify({ format: options.format, register, source: options.source ?? null, records: progress.records, written, rejected: progress.rejected, at: epochSeconds() }),
      });
      await trx.commit();
    }
    options.onProgress?.({ ...progress });
    return {
      status: aborted ? 'aborted' : 'imported',
      format: options.format,
      register,
      records: progress.records,
      written,
      rejected: progress.rejected,
      errors,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } catch (error) {
    await writing.catch(() => {});
    if (!trx.isCompleted()) await trx.rollback();
    throw error;
  }
}
