// The one sentence, in Dutch and English, that every app shows for a choice: namens composes it so the words agree.
import { principalOf, type MandateOption } from './mandate_index.ts';
import type { Mandate } from './mandates.ts';
import type { Agent } from './parties.ts';
import type { LegalType, Localised, Service } from './services.ts';

export const LEGAL_TYPE_LABELS: Record<LegalType, Localised> = {
  curatele: { nl: 'curatele', en: 'curatorship' },
  bewind: { nl: 'bewind', en: 'administration' },
  mentorschap: { nl: 'mentorschap', en: 'mentorship' },
  ouderlijk_gezag: { nl: 'ouderlijk gezag', en: 'parental authority' },
  voogdij: { nl: 'voogdij', en: 'guardianship' },
};

/**
 * The legal ground of a mandate in words: "bewind, professioneel", "vrijwillige machtiging", ... Parental authority
 * has no qualifier: a parent is neither a professional nor "family" of their own child.
 */
export function groundOf(mandate: Mandate): Localised {
  switch (mandate.basis) {
    case 'voluntary':
      return { nl: 'vrijwillige machtiging', en: 'voluntary mandate' };
    case 'company':
      return { nl: 'vertegenwoordiging organisatie', en: 'company representation' };
    case 'legal': {
      const label = LEGAL_TYPE_LABELS[mandate.legalType as LegalType];
      if (mandate.professional === null || mandate.legalType === 'ouderlijk_gezag') return label;
      return mandate.professional
        ? { nl: `${label.nl}, professioneel`, en: `${label.en}, professional` }
        : { nl: `${label.nl}, familie`, en: `${label.en}, family` };
    }
  }
}

export function summarise(agent: Agent, option: MandateOption, service: Service): Localised {
  const serviceName = { nl: service.name.nl, en: service.name.en || service.name.nl };
  if (option.kind === 'self') {
    return {
      nl: `${agent.name} handelt voor zichzelf voor ${serviceName.nl}`,
      en: `${agent.name} acts for themselves for the service ${serviceName.en}`,
    };
  }
  const last = option.links[option.links.length - 1]!;
  const ground = groundOf(last);
  const principal = principalOf(option).name;
  const via = option.links.length > 1 ? option.links[0].principal.name : undefined;
  return {
    nl: `${agent.name} handelt namens ${principal}${via ? ` via ${via}` : ''} (${ground.nl}) voor ${serviceName.nl}`,
    en: `${agent.name} acts for ${principal}${via ? ` through ${via}` : ''} (${ground.en}) for the service ${serviceName.en}`,
  };
}
