// Register actions of the admin API: add, end and list legal mandates, company representations and voluntary
// mandates (the last also for desk staff registering on someone's behalf: `registered_by`, kept in the audit log).
import type { Context } from 'koa';
import { Conflict, InvalidRequest, NotFound, ValidationFailed } from '../errors.ts';
import { toRecord, type Register } from '../domain/register_records.ts';
import { addMandate as addToRegister, endMandate as endInRegister } from '../domain/register_mandates.ts';
import { loadCatalogLookup, type RegisterReads } from '../persistence/register_store.ts';
import type { Database } from '../persistence/database.ts';
import type { AdminState } from './authenticate_admin.ts';
import { bodyOf } from '../http/validate_body.ts';

export interface RegisterDeps {
  db: Database;
  registers: RegisterReads;
  clock: () => Date;
}

export const REGISTER_PATHS: Record<Register, string> = {
  legal: 'legal-mandates',
  company: 'company-mandates',
  voluntary: 'voluntary-mandates',
};

const PARTY_NUMBER = /^[0-9]{8,9}$/;

export const addMandate = (register: Register, { db, registers, clock }: RegisterDeps) => async (ctx: Context) => {
  const record = toRecord(register, bodyOf(ctx));
  const outcome = await addToRegister(registers, record, await loadCatalogLookup(db), (ctx.state as AdminState).adminClientId, clock());
  if ('conflict' in outcome) throw new Conflict(outcome.conflict);
  if ('violations' in outcome) throw new ValidationFailed(outcome.violations);
  ctx.status = 201;
  ctx.set('Location', `/admin/api/${REGISTER_PATHS[register]}/${outcome.id}`);
  ctx.body = await registers.find(register, outcome.id);
};

export const getMandate = (register: Register, { registers }: RegisterDeps) => async (ctx: Context) => {
  const id = ctx.params.id!;
  const mandate = await registers.find(register, id.toLowerCase());
  if (!mandate) throw new NotFound(`no ${register} mandate ${id}`);
  ctx.body = mandate;
};

export const listMandates = (register: Register, { registers }: RegisterDeps) => async (ctx: Context) => {
  const { agent, principal, limit = '100', after } = ctx.query as Record<string, string | undefined>;
  for (const [name, value] of Object.entries({ agent, principal })) {
    if (value !== undefined && !PARTY_NUMBER.test(value)) throw new InvalidRequest(`${name} must be a BSN (9 digits) or a KvK number (8 digits)`);
  }
  if (!/^[0-9]{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) throw new InvalidRequest('limit must be an integer from 1 to 1000');
  const mandates = await registers.list(register, { agent, principal, limit: Number(limit), after });
  ctx.body = { mandates, next: mandates.length === Number(limit) ? mandates[mandates.length - 1]!.id : null };
};

export const endMandate = (register: Register, { registers, clock }: RegisterDeps) => async (ctx: Context) => {
  const id = ctx.params.id!.toLowerCase();
  const { ended_on: endedOn } = bodyOf<{ ended_on?: string }>(ctx);
  if (!(await endInRegister(registers, register, id, endedOn ?? null, (ctx.state as AdminState).adminClientId, clock()))) throw new NotFound(`no ${register} mandate ${id}`);
  ctx.body = await registers.find(register, id);
};
