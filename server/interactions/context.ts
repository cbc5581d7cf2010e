// What every interaction action needs: the provider's interaction details for this browser, the client,
// the requested service and, after login, the acting person.
import type { Context } from 'koa';
import { errors, type default as Provider } from 'oidc-provider';
import { dutchDate } from '../domain/dates.ts';
import type { MandateIndex } from '../domain/mandate_index.ts';
import type { CatalogRepository, PersonRepository, TestUserRepository } from '../domain/repositories.ts';
import type { Agent } from '../domain/parties.ts';
import { findAgent } from '../domain/agents.ts';
import type { UpstreamEmployeeRepository } from '../domain/upstream_organisations.ts';
import { MIJN_CLIENT_ID } from '../mijn/mijn_client.ts';
import type { Service } from '../domain/services.ts';
import { NotFound } from '../errors.ts';
import type { Csrf } from '../http/csrf.ts';
import type { RequestedServiceResolver } from '../oidc/requested_service.ts';
import { applyAppLocales } from '../../views/locale.ts';
import { rememberApp } from '../http/show_session_expired.ts';

export interface InteractionDeps {
  provider: Provider;
  csrf: Csrf;
  /** Undefined when TEST_USERS_ENABLED=false: then no test user can log in. */
  testUsers: TestUserRepository | undefined;
  /** Checks a test user's password against its stored hash (domain/passwords.ts). */
  verifyPassword(password: string, hash: string): Promise<boolean>;
  persons: PersonRepository;
  /** Employees who logged in through an organisation upstream (eHerkenning). */
  employees: UpstreamEmployeeRepository;
  catalog: CatalogRepository;
  index: MandateIndex;
  services: RequestedServiceResolver;
  clock: () => Date;
  /** The upstream identity providers offered on the login screen (LOGIN_METHODS=oidc-upstream). */
  upstreamButtons?: ReadonlyArray<{ id: string; name: string; kind: 'person' | 'organisation' }>;
}

export type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface Step {
  details: Details;
  uid: string;
  csrf: string;
  clientName: string;
  firstParty: boolean;
  /** Whether the app gets pseudonyms instead of BSNs: its subject type, which the BSN policy sets (oidc/adapter.ts). */
  pairwise: boolean;
  service: Service | undefined;
  today: string;
}

/** Loads the interaction of this browser; an unknown or expired one is SessionNotFound (handled by the router). */
export async function loadStep(ctx: Context, deps: InteractionDeps): Promise<Step> {
  const details = await deps.provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== ctx.params.uid) throw new NotFound('this step of the login is not open in this browser; start again from the app');
  // The app's ui_locales choose the language of this login, unless the person picked one with the switch.
  applyAppLocales(details.params.ui_locales);
  const client = await deps.provider.Client.find(String(details.params.client_id));
  if (!client) throw new NotFound('the app of this login is no longer registered');
  rememberApp(ctx, client.clientId);
  const metadata = client as unknown as { first_party?: boolean; service_provider_ids?: string[] };
  const service = await deps.services.resolve(details.params, metadata.service_provider_ids ?? []);
  return {
    details,
    uid: details.uid,
    csrf: deps.csrf.tokenFor(details.uid),
    clientName: client.clientName ?? client.clientId,
    firstParty: metadata.first_party === true,
    pairwise: client.subjectType === 'pairwise',
    service,
    today: dutchDate(deps.clock()),
  };
}

/** The person (or employee) who logged in during this interaction: the session's, or the login waiting on it. */
export async function agentOf(step: Step, deps: InteractionDeps, accountId = step.details.session?.accountId): Promise<Agent> {
  const agent = accountId ? await findAgent(deps, accountId) : undefined;
  if (!agent) throw new NotFound('the person who logged in is no longer known; start again from the app');
  return agent;
}

/**
 * The upstream buttons the login screen of this step offers: all of them, except at Mijn machtigingen, which is for
 * persons only (an employee logged in through eHerkenning has no mandates of their own to manage there).
 */
export function upstreamButtonsFor(step: Step, deps: InteractionDeps): InteractionDeps['upstreamButtons'] {
  const personsOnly = String(step.details.params.client_id) === MIJN_CLIENT_ID;
  return personsOnly ? deps.upstreamButtons?.filter((upstream) => upstream.kind === 'person') : deps.upstreamButtons;
}

type InteractionResult = Parameters<Provider['interactionResult']>[2];

/**
 * What provider.interactionResult does once it has the interaction: stores `result` on it (merged with the earlier
 * steps' results unless it is an error) for the rest of its life, and returns where the browser continues (its resume
 * URL); undefined when the interaction has expired. Used by every step here and by the upstream login's callback.
 */
export async function saveResult(interaction: Details, result: InteractionResult, merge: boolean): Promise<string | undefined> {
  interaction.result = merge && !('error' in result) ? { ...interaction.lastSubmission, ...result } : result;
  const ttl = interaction.exp - Math.floor(Date.now() / 1000);
  if (ttl <= 0) return undefined;
  await interaction.save(ttl);
  return interaction.returnTo;
}

/** Sends the browser back into the authorization flow with this step's result, on the interaction the step loaded. */
export async function finish(ctx: Context, step: Step, result: InteractionResult, merge = true) {
  const returnTo = await saveResult(step.details, result, merge);
  if (!returnTo) throw new errors.SessionNotFound('interaction expired'); // the router shows the session-expired page
  ctx.status = 303;
  ctx.redirect(returnTo);
}
