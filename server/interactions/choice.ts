// The person's choice on the selection screen: checked against the registers and the clock, shown as options,
// and written into a grant of its own.
import { confirmOption, principalOf, SELF, type MandateOption } from '../domain/mandate_index.ts';
import type { Agent } from '../domain/parties.ts';
import { groundOf } from '../domain/summary.ts';
import { authorizationDetails, type Choice } from '../oidc/mandate_claims.ts';
import { selectMandatePage, type OptionGroupView, type OptionView } from '../../views/select_mandate.ts';
import { t } from '../../views/messages/index.ts';
import { currentLocale } from '../../views/locale.ts';
import type { Service } from '../domain/services.ts';
import type { InteractionDeps, Step } from './context.ts';

/** The option `id` when it is still open to `agent` for the requested service today; else undefined. */
export async function confirmChoice(deps: InteractionDeps, step: Step, agent: Agent, id: string): Promise<Choice | undefined> {
  const service = step.service;
  if (!service) return undefined;
  const option = await confirmOption(deps.index, agent, service, id, step.today);
  return option && { agent, service, option };
}

/** More options than this, and the screen offers a search field (a professional with many clients). */
const SEARCH_FROM = 6;

/**
 * The selection screen: every option open to the person for the requested service today, grouped by legal ground
 * (oneself first), sorted by name, and filtered by `query` (a plain GET search: name, birth date or KvK number).
 */
export async function selectionPage(deps: InteractionDeps, step: Step, agent: Agent, error?: string, query = ''): Promise<string> {
  const m = t();
  const options = (await deps.index.optionsFor(agent, step.service!, step.today)).map((option) => optionView(agent, option));
  const wanted = normalise(query.trim());
  const shown = wanted ? options.filter((option) => normalise(option.searchText).includes(wanted)) : options;
  const groups = new Map<string, OptionGroupView>();
  for (const { view, group } of shown) {
    // The option for oneself needs no heading ("Uzelf (Jan Jansen)" says it); the others sit under their legal ground,
    // which is therefore not repeated in each row.
    const heading = group === 'self' ? '' : capitalise(group);
    if (!groups.has(heading)) groups.set(heading, { heading, options: [] });
    groups.get(heading)!.options.push(view);
  }
  const ordered = [...groups.values()].sort(
    (a, b) => rank(a.heading) - rank(b.heading) || a.heading.localeCompare(b.heading, m.lang),
  );
  for (const group of ordered) group.options.sort((a, b) => a.label.localeCompare(b.label, m.lang) || a.id.localeCompare(b.id));
  return selectMandatePage({
    uid: step.uid,
    csrf: step.csrf,
    clientName: step.clientName,
    serviceName: serviceName(step.service!),
    agentName: agent.name,
    ...(agent.kind === 'employee' ? { organisationName: agent.actsFor.name } : {}),
    groups: ordered,
    total: options.length,
    searchable: options.length >= SEARCH_FROM || wanted !== '',
    query: query.trim().slice(0, 100),
    ...(error ? { error } : {}),
  });
}

const rank = (heading: string) => (heading === '' ? 0 : 1);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** Lower case without accents, so "zoe" finds "Zoë" and "de vries" finds "De Vries". */
const normalise = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function serviceName(service: Service): string {
  return service.name[currentLocale()] || service.name.nl;
}

function optionView(agent: Agent, option: MandateOption): { view: OptionView; group: string; searchText: string } {
  const m = t();
  if (option.kind === 'self') {
    return { view: { id: SELF, label: m.select.myself(agent.name) }, group: 'self', searchText: agent.name };
  }
  const last = option.links[option.links.length - 1]!;
  const principal = principalOf(option);
  // A person is told apart by birth date where it is known (not for everyone: an upstream login or a register record
  // may not give it); an organisation by its KvK number.
  const distinguisher =
    principal.kind === 'person' ? (principal.birthDate ? m.select.born(formatBirthDate(principal.birthDate)) : undefined) : m.select.kvk(principal.kvk);
  const searchDate = principal.kind === 'person' && principal.birthDate ? `${principal.birthDate} ${principal.birthDate.split('-').reverse().join('-')}` : '';
  const ground = groundOf(last)[currentLocale()];
  const via = option.links.length > 1 ? option.links[0].principal.name : undefined;
  return {
    view: { id: option.id, label: principal.name, ...(distinguisher ? { distinguisher } : {}), ...(via ? { via } : {}) },
    group: ground,
    searchText: [principal.name, distinguisher ?? '', principal.kind === 'person' ? searchDate : principal.kvk, via ?? ''].join(' '),
  };
}

/** Built once per language (an Intl.DateTimeFormat is costly to make on the request path). */
const BIRTH_DATE_FORMATS = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
};

function formatBirthDate(date: string): string {
  return BIRTH_DATE_FORMATS[currentLocale() === 'en' ? 'en' : 'nl'].format(new Date(`${date}T00:00:00Z`));
}

/** Saves the grant this login ends in: a fresh one per choice, else the session's grant extended. */
export async function saveGrant(deps: InteractionDeps, step: Step, choice: Choice | undefined, accountId = step.details.session!.accountId): Promise<string> {
  const { details } = step;
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
