// Employees who log in through an organisation upstream (eHerkenning), and the organisations they act for: the
// employee found by (upstream, subject) (unique index), the organisation by KvK number (unique); either is created
// when not known yet, in one transaction.
import { randomUUID } from 'node:crypto';
import type { Employee, Organisation } from '../domain/parties.ts';
import { UNKNOWN_NAME, type UpstreamEmployeeRepository } from '../domain/upstream_organisations.ts';
import type { Database } from './database.ts';
import { PARTY_COLUMNS, toParty, type PartyRow } from './party_repository.ts';

type EmployeeRow = { id: string; name: string; upstream_id: string };
const EMPLOYEE_COLUMNS = ['id', 'name', 'upstream_id'] as const;

const toEmployee = (row: EmployeeRow, organisation: Organisation): Employee => ({
  kind: 'employee',
  id: row.id,
  name: row.name,
  upstream: row.upstream_id,
  actsFor: organisation,
});

export function createUpstreamEmployeeRepository(db: Database): UpstreamEmployeeRepository {
  return {
    async findOrCreate(upstream, identity) {
      return db.transaction(async (trx) => {
        const organisationRow = async () =>
          (await trx('parties').select(PARTY_COLUMNS).where({ kvk: identity.kvk, kind: 'organisation' }).first()) as PartyRow | undefined;
        let organisation = await organisationRow();
        if (!organisation) {
          // A concurrent first login for the same organisation inserts nothing twice: the KvK number is unique.
          const row = { id: `kvk-${identity.kvk}`, kind: 'organisation', bsn: null, kvk: identity.kvk, rsin: null, name: identity.organisationName, birth_date: null };
          await trx('parties').insert(row).onConflict().ignore();
          organisation = await organisationRow();
        }
        if (!organisation) throw new Error('a party with this KvK number exists but is not an organisation');

        const where = { kind: 'employee', upstream_id: upstream, upstream_subject: identity.subject };
        let employee = (await trx('parties').select(EMPLOYEE_COLUMNS).where(where).first()) as EmployeeRow | undefined;
        if (!employee) {
          await trx('parties').insert({ ...where, id: `employee-${randomUUID()}`, name: identity.name, bsn: null, kvk: null, rsin: null, birth_date: null }).onConflict().ignore();
          employee = (await trx('parties').select(EMPLOYEE_COLUMNS).where(where).first()) as EmployeeRow;
        } else if (identity.name !== UNKNOWN_NAME && identity.name !== employee.name) {
          // The upstream is the only source of an employee's name: a new one (a marriage, a typo fixed) is taken over.
          await trx('parties').where({ id: employee.id }).update({ name: identity.name });
          employee = { ...employee, name: identity.name };
        }
        return toEmployee(employee, toParty(organisation) as Organisation);
      });
    },

    async find(employeeId, organisationId) {
      const [employee, organisation] = await Promise.all([
        db('parties').select(EMPLOYEE_COLUMNS).where({ id: employeeId, kind: 'employee' }).first() as Promise<EmployeeRow | undefined>,
        db('parties').select(PARTY_COLUMNS).where({ id: organisationId, kind: 'organisation' }).first() as Promise<PartyRow | undefined>,
      ]);
      return employee && organisation ? toEmployee(employee, toParty(organisation) as Organisation) : undefined;
    },
  };
}
