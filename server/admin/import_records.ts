// POST /admin/api/imports?format=jsonl|csv|brp-gezag&register=legal|company|voluntary[&partial=true]: the request body
// is the file itself, streamed into the registers (see server/imports/run_import.ts). All-or-nothing by default:
// 400 with every error by line and nothing written; with partial=true the valid records are kept and the rejects
// are listed in the response.
import type { Context } from 'koa';
import { InvalidRequest } from '../errors.ts';
import { REGISTERS, type Register } from '../domain/register_records.ts';
import { IMPORT_FORMATS, MAX_LISTED_ERRORS, runImport, type ImportFormat } from '../imports/run_import.ts';
import type { Database } from '../persistence/database.ts';
import type { AdminState } from './authenticate_admin.ts';


export const importRecords = ({ db }: { db: Database }) => async (ctx: Context) => {
  const { format, register, partial = 'false' } = ctx.query as Record<string, string | undefined>;
  if (!IMPORT_FORMATS.includes(format as ImportFormat)) throw new InvalidRequest(`format must be one of ${IMPORT_FORMATS.join(', ')}`);
  if (format !== 'brp-gezag' && !REGISTERS.includes(register as Register)) throw new InvalidRequest(`register must be one of ${REGISTERS.join(', ')}`);
  if (!['true', 'false'].includes(partial)) throw new InvalidRequest('partial must be true or false');
  const report = await runImport(db, ctx.req, {
    format: format as ImportFormat,
    register: (register as Register | undefined) ?? 'legal',
    partial: partial === 'true',
    actor: (ctx.state as AdminState).adminClientId,
    source: 'admin-api',
  });
  if (report.status === 'aborted') {
    ctx.status = 400;
    ctx.body = {
      error: 'invalid_request',
      error_description: `${report.rejected} of ${report.records} records are invalid; nothing was imported${report.rejected > MAX_LISTED_ERRORS ? ` (the first ${MAX_LISTED_ERRORS} are listed)` : ''}`,
      ...report,
    };
    return;
  }
  ctx.body = report;
};

