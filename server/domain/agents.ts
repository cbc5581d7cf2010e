// The account of a login (oidc-provider's accountId, kept in the session, grants, codes and tokens): a person's BSN,
// or for an employee (eHerkenning) the employee's party id and the organisation the upstream vouched for at this
// login. What the upstream vouched for thus lasts exactly as long as the login, and is found again at every token.
import type { Agent } from './parties.ts';
import type { PersonRepository } from './repositories.ts';
import type { UpstreamEmployeeRepository } from './upstream_organisations.ts';

/** Between the employee's and the organisation's party id; party ids are made of [a-z0-9-]. */
const SEPARATOR = '@';

export function accountIdOf(agent: Agent): string {
  return agent.kind === 'person' ? agent.bsn : `${agent.id}${SEPARATOR}${agent.actsFor.id}`;
}

/** Whether the account is an employee's (eHerkenning) rather than a person's. */
export function isEmployeeAccount(accountId: string): boolean {
  return accountId.includes(SEPARATOR);
}

/** The part of an account id that stands for the acting human: the BSN, or the employee's party id (not the organisation). */
export function subjectKeyOf(accountId: string): string {
  return accountId.split(SEPARATOR, 1)[0]!;
}

export interface AgentRepositories {
  persons: PersonRepository;
  employees: UpstreamEmployeeRepository;
}

/** The agent of an account id; undefined when it is not (or no longer) known. */
export async function findAgent({ persons, employees }: AgentRepositories, accountId: string): Promise<Agent | undefined> {
  if (!isEmployeeAccount(accountId)) return persons.findByBsn(accountId);
  const [employeeId, organisationId, ...rest] = accountId.split(SEPARATOR);
  if (!employeeId || !organisationId || rest.length) return undefined;
  return employees.find(employeeId, organisationId);
}
