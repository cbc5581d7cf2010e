// Shared pieces of the /mijn pages: the bar with the person and the log-out button, and the words for a mandate.
import { html, type SafeHtml } from './html.ts';
import type { MandateRecord, ShownStatus } from '../server/domain/my_mandates.ts';
import { domainsOf } from '../server/domain/my_mandates.ts';
import { LEGAL_TYPE_LABELS } from '../server/domain/summary.ts';
import { csrfField } from './layout.ts';
import { t } from './messages/index.ts';
import { currentLocale } from './locale.ts';

export interface MijnView {
  personName: string;
  csrf: string;
}

export function mijnBar(view: MijnView): SafeHtml {
  const m = t();
  return html`<nav class="mijn-bar" aria-label="${m.mijn.nav}">
<a class="utrecht-link" href="/mijn">${m.mijn.overview}</a>
<span>${m.mijn.loggedInAs(view.personName)}</span>
<form method="post" action="/mijn/logout" class="inline">${csrfField(view.csrf)}<button type="submit" class="utrecht-button utrecht-button--secondary-action secondary">${m.mijn.logout}</button></form>
</nav>`;
}

export function statusLabel(mandate: MandateRecord, status: ShownStatus): string {
  const m = t();
  return status === 'revoked' && mandate.basis === 'voluntary' ? m.mijn.withdrawn : m.mijn.status[status];
}

export function basisLabel(mandate: MandateRecord): string {
  const m = t();
  switch (mandate.basis) {
    case 'voluntary':
      return m.mijn.basis.voluntary;
    case 'company':
      return m.mijn.basis.company;
    case 'legal':
      // A parent is neither professional nor "family" of their own child: no qualifier for parental authority.
      return m.mijn.basis.legal(LEGAL_TYPE_LABELS[mandate.legalType!][currentLocale()], mandate.legalType === 'ouderlijk_gezag' ? null : mandate.professional);
  }
}

export function coverageLabel(mandate: MandateRecord): string {
  const m = t();
  if (mandate.basis === 'legal') return domainsOf(mandate).map((domain) => m.mijn.domains[domain] ?? domain).join(', ');
  if (mandate.allServices) return m.mijn.allServices;
  return mandate.services.map((service) => service.name[currentLocale()] || service.name.nl).join(', ');
}

const intlLocale = () => (currentLocale() === 'en' ? 'en-GB' : 'nl-NL');
const DATE = { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' } as const;
const MOMENT = { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' } as const;

export function formatDate(date: string): string {
  return new Intl.DateTimeFormat(intlLocale(), DATE).format(new Date(`${date}T00:00:00Z`));
}

export function formatMoment(epochMs: number): string {
  return new Intl.DateTimeFormat(intlLocale(), MOMENT).format(new Date(epochMs));
}

export function validityLabel(mandate: MandateRecord): string {
  const m = t();
  return mandate.validUntil === null ? m.mijn.validFrom(formatDate(mandate.validFrom)) : m.mijn.validRange(formatDate(mandate.validFrom), formatDate(mandate.validUntil));
}
