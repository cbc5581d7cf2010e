// GET /interaction/:uid — the screen for the prompt that is due: login, select_mandate or consent; on a login that waits
// for the choice (pending_login.ts), the selection screen for that person.
import type { Context } from 'koa';
import { NotFound } from '../errors.ts';
import { loginPage } from '../../views/login.ts';
import { DEFAULT_TEST_LEVEL } from './submit_login.ts';
import { consentPage } from '../../views/consent.ts';
import { summarise } from '../domain/summary.ts';
import { agentOf, finish, loadStep, upstreamButtonsFor, type InteractionDeps } from './context.ts';
import { confirmChoice, saveGrant, selectionPage, serviceName } from './choice.ts';
import { t } from '../../views/messages/index.ts';
import { currentLocale } from '../../views/locale.ts';
import { pendingLogin } from './pending_login.ts';

export function showInteraction(deps: InteractionDeps) {
  return async function showInteractionAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    ctx.type = 'html';
    const m = t();
    const query = typeof ctx.query.q === 'string' ? ctx.query.q : '';
    switch (step.details.prompt.name) {
      case 'login': {
        const waiting = pendingLogin(step);
        if (waiting) {
          ctx.body = await selectionPage(deps, step, await agentOf(step, deps, waiting.accountId), undefined, query);
          return;
        }
        ctx.body = loginPage({
          uid: step.uid,
          csrf: step.csrf,
          clientName: step.clientName,
          serviceName: step.service && serviceName(step.service),
          level: DEFAULT_TEST_LEVEL,
          upstreams: upstreamButtonsFor(step, deps),
          testUsers: !!deps.testUsers || !deps.upstreamButtons?.length,
          ...(step.details.prompt.reasons.includes('loa_too_low')
            ? { stepUp: { required: String(step.details.prompt.details.required_acr), reached: step.details.session?.acr as string | undefined } }
            : {}),
        });
        return;
      }
      case 'select_mandate':
        ctx.body = await selectionPage(deps, step, await agentOf(step, deps), undefined, query);
        return;
      case 'consent': {
        const agent = await agentOf(step, deps);
        const chosen = step.details.lastSubmission?.select_mandate as { option?: string } | undefined;
        const choice = chosen?.option ? await confirmChoice(deps, step, agent, chosen.option) : undefined;
        if (step.firstParty && (choice || !chosen?.option)) {
          // First-party apps (part of namens itself) get what they asked for without a consent screen.
          return finish(ctx, step, { consent: { grantId: await saveGrant(deps, step, choice) } });
        }
        ctx.body = consentPage({
          uid: step.uid,
          csrf: step.csrf,
          clientName: step.clientName,
          agentName: agent.name,
          serviceName: step.service && serviceName(step.service),
          summary: choice && summarise(agent, choice.option, choice.service)[currentLocale()],
          // What this app will receive: BSNs only where the app gets them (step.pairwise), never for an employee.
          shared: [
            agent.kind === 'person' && !step.pairwise ? m.consent.bsn : m.consent.pseudonym,
            ...(choice?.option.kind === 'mandate'
              ? [step.pairwise ? m.consent.principalPseudonym : m.consent.principal, m.consent.ground]
              : agent.kind === 'employee' ? [m.consent.organisation] : []),
            ...(choice ? [m.consent.service(serviceName(choice.service))] : []),
          ],
        });
        return;
      }
      default:
        throw new NotFound(`unknown step ${step.details.prompt.name}`);
    }
  };
}
