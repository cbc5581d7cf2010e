// The person's choice on the selection screen: checked against the registers and the clock, shown as options,
// and written into a grant of its own.
import { principalOf, SELF, type MandateOption } from '../domain/mandate_index.ts';
import type { Person } from '../domain/parties.ts';
import { groundOf } from '../domain/summary.ts';
import { authorizationDetails, type Choice } from '../oidc/mandate_claims.ts';
import { selectMandatePage, type OptionView } from '../../views/select_mandate.ts';
import type { InteractionDeps, Step } from './context.ts';

/** The option `id` when it is still open to `agent` for the requested service today; else undefined. */
export async function confirmChoice(deps: InteractionDeps, step: Step, agent: Person, id: string): Promise<Choice | undefined> {
  const service = step.service;
  if (!service) return undefined;
  if (id === SELF) return service.selfAllowed ? { agent, service, option: { id: SELF, kind: 'self' } } : undefined;
  const option = await deps.index.findOption(agent, service, id, step.today);
  return option && { agent, service, option };
}

/** The selection screen: every option open to the person for the requested service today. */
export async function selectionPage(deps: InteractionDeps, step: Step, agent: Person, error?: string): Promise<string> {
  const options = await deps.index.optionsFor(agent, step.service!, step.today);
  return selectMandatePage({
    uid: step.uid,
    csrf: step.csrf,
    clientName: step.clientName,
    serviceName: step.service!.name.nl,
    agentName: agent.name,
    options: options.map((option) => optionView(agent, option)),
    ...(error ? { error } : {}),
  });
}

function optionView(agent: Person, option: MandateOption): OptionView {
  if (option.kind === 'self') return { id: SELF, label: `Mijzelf (${agent.name})`, ground: 'voor uzelf' };
  const last = option.links[option.links.length - 1]!;
  return {
    id: option.id,
    label: principalOf(option).name,
    ground: groundOf(last).nl,
    ...(option.links.length > 1 ? { via: option.links[0].principal.name } : {}),
  };
}

/** Saves the grant this login ends in: a fresh one per choice, else the session's grant extended. */
export async function saveGrant(deps: InteractionDeps, step: Step, choice: Choice | undefined): Promise<string> {
  const { details } = step;
  const accountId = details.session!.accountId;
  const clientId = String(details.params.client_id);
  const existing = !choice && details.grantId ? await deps.provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new deps.provider.Grant({ accountId, clientId });
  // The scopes oidc-provider kept: openid, offline_access where allowed, and the service scope.
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  const missingClaims = details.prompt.details.missingOIDCClaims;
  if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims as string[]);
  if (choice) for (const detail of authorizationDetails(choice)) grant.addRar(detail as unknown as Parameters<typeof grant.addRar>[0]);
  return grant.save();
}
