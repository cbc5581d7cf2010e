// The audit log: one row per use of a mandate (and, later, per change to a register).
import type { AuditLog } from '../domain/repositories.ts';
import { principalOf } from '../domain/mandate_index.ts';
import { hotStatementsOf, type Database } from './database.ts';
import { createAuditAppender } from './audit_chain.ts';

export function createAuditLog(db: Database): AuditLog {
  const append = createAuditAppender(hotStatementsOf(db));
  return {
    async recordMandateUse({ agent, option, service, clientId, grantType, at, chosenAt }) {
      // The decisions of this login ride on the row the token endpoint writes anyway: no statement is added for them.
      const decisions = [
        ...(chosenAt ? [{ point: 'selection_screen', at: chosenAt.getTime(), decision: true, rule: 'mandate_holds' }] : []),
        { point: 'token', at: at.getTime(), decision: true, rule: 'mandate_holds' },
      ];
      await append({
        event: 'mandate.used',
        at: at.getTime(),
        agent_id: agent.id,
        principal_id: principalOf(option).id,
        service_uuid: service.uuid,
        client_id: clientId,
        mandate_id: option.id,
        detail: JSON.stringify({ grant_type: grantType, bases: option.links.map((link) => link.basis), decisions }),
      });
    },
  };
}
