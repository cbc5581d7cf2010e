// Shared pieces of the /mijn pages: the bar with the person and the log-out button, and the words for a mandate.
import { html, type SafeHtml } from '../server/http/html.ts';
import type { MandateRecord, ShownStatus } from '../server/domain/my_mandates.ts';
import { domainsOf } from '../server/domain/my_mandates.ts';
import { LEGAL_TYPE_LABELS } from '../server/domain/summary.ts';
import { csrfField } from './layout.ts';

export interface MijnView {
  personName: string;
  csrf: string;
}

export function mijnBar(view: MijnView): SafeHtml {
  return html`<nav class="mijn-bar" aria-label="Mijn machtigingen">
<a href="/mijn">Overzicht</a>
<span>Ingelogd als <strong>${view.personName}</strong></span>
<form method="post" action="/mijn/logout" class="inline">${csrfField(view.csrf)}<button type="submit" class="secondary">Uitloggen</button></form>
</nav>`;
}

export const STATUS_LABELS: Record<ShownStatus, string> = {
  requested: 'Aangevraagd',
  pending: 'Wacht op activering',
  active: 'Actief',
  not_yet_valid: 'Nog niet geldig',
  expired: 'Verlopen',
  revoked: 'Beëindigd',
  declined: 'Geweigerd',
};

export function statusLabel(mandate: MandateRecord, status: ShownStatus): string {
  return status === 'revoked' && mandate.basis === 'voluntary' ? 'Ingetrokken' : STATUS_LABELS[status];
}

export function basisLabel(mandate: MandateRecord): string {
  switch (mandate.basis) {
    case 'voluntary':
      return 'Vrijwillige machtiging';
    case 'company':
      return 'Vertegenwoordiging organisatie';
    case 'legal': {
      const label = LEGAL_TYPE_LABELS[mandate.legalType!].nl;
      return `Wettelijke vertegenwoordiging: ${label}${mandate.professional === null ? '' : mandate.professional ? ', professioneel' : ', familie'}`;
    }
  }
}

const DOMAIN_LABELS: Record<string, string> = {
  financial: 'geldzaken',
  care: 'zorg',
  personal: 'persoonlijke zaken',
  '*': 'alle zaken (tot 18 jaar)',
};

export function coverageLabel(mandate: MandateRecord): string {
  if (mandate.basis === 'legal') return domainsOf(mandate).map((domain) => DOMAIN_LABELS[domain] ?? domain).join(', ');
  if (mandate.allServices) return 'Alle diensten';
  return mandate.services.map((service) => service.name.nl).join(', ');
}

const DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const MOMENT = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatDate(date: string): string {
  return DATE.format(new Date(`${date}T00:00:00Z`));
}

export function formatMoment(epochMs: number): string {
  return MOMENT.format(new Date(epochMs));
}

export function validityLabel(mandate: MandateRecord): string {
  return mandate.validUntil === null ? `vanaf ${formatDate(mandate.validFrom)}` : `${formatDate(mandate.validFrom)} tot en met ${formatDate(mandate.validUntil)}`;
}
