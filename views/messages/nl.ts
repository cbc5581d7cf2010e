// Every text a person reads on a namens screen, in Dutch (the default). en.ts has the same keys: the type
// `Messages` below makes a missing or misspelt key in another language a compile error.
import { html, type SafeHtml } from '../html.ts';
import type { FieldErrorCode } from '../../server/domain/my_mandates.ts';

/** What a form error may say besides its code: a date, a number of years, the names of services. */
/** What a notification names: the parties, the recipient's side, and the last day of the mandate. */
export interface NotificationParams {
  principal: string;
  agent: string;
  you: 'principal' | 'agent';
  until: string;
}

export interface FormErrorParams {
  until?: string;
  years?: number;
  services?: string;
}

export const nl = {
  lang: 'nl',
  layout: {
    siteName: 'namens',
    tagline: 'Inloggen en handelen namens een ander',
    skipLink: 'Naar de inhoud',
    languageNav: 'Taal',
    languages: { nl: 'Nederlands', en: 'English' },
  },
  levels: {
    'http://eidas.europa.eu/LoA/low': { name: 'laag', label: 'Laag (zoals DigiD Basis)' },
    'http://eidas.europa.eu/LoA/substantial': { name: 'substantieel', label: 'Substantieel (zoals DigiD Midden of Substantieel)' },
    'http://eidas.europa.eu/LoA/high': { name: 'hoog', label: 'Hoog (zoals DigiD Hoog)' },
  } as Record<string, { name: string; label: string }>,
  unknownLevel: 'onbekend',
  asks: (client: string, service: string | undefined): SafeHtml =>
    service ? html`<strong>${client}</strong> vraagt toegang voor: <strong>${service}</strong>` : html`<strong>${client}</strong> vraagt u in te loggen`,
  login: {
    title: 'Inloggen',
    stepUp: (required: string, reached: string | undefined): SafeHtml =>
      html`Deze dienst vraagt inloggen op niveau <strong>${required}</strong>${reached ? html`; u bent ingelogd op niveau ${reached}` : ''}. Log opnieuw in met een inlogmiddel van dat niveau.`,
    username: 'Gebruikersnaam',
    password: 'Wachtwoord',
    level: 'Niveau van inloggen (testgebruikers)',
    submit: 'Inloggen',
    cancel: (client: string) => `Annuleren en terug naar ${client}`,
    wrongPassword: 'De combinatie van gebruikersnaam en wachtwoord is onjuist. Controleer wat u hebt ingevuld en probeer het opnieuw.',
    missingUsername: 'Vul uw gebruikersnaam in.',
    missingPassword: 'Vul uw wachtwoord in.',
  },
  switchUser: { question: 'Niet u?', button: 'Uitloggen' },
  errorSummary: { title: 'Er is een probleem' },
  select: {
    title: 'Namens wie wilt u verder?',
    noneTitle: 'Geen machtiging gevonden',
    loggedInAs: (agent: string) => `U bent ingelogd als ${agent}.`,
    noneForOrganisation: (organisation: string) =>
      `Deze dienst kunt u niet namens ${organisation} gebruiken, en ${organisation} heeft geen geldige machtiging om deze dienst namens iemand anders te gebruiken.`,
    none: 'U kunt deze dienst niet voor uzelf gebruiken, en er is geen geldige machtiging waarmee u namens iemand anders deze dienst mag gebruiken.',
    back: (client: string) => `Terug naar ${client}`,
    noneHint: 'Wilt u deze dienst namens iemand anders gebruiken? Dan moet die persoon u eerst machtigen. U kunt de machtiging ook zelf aanvragen in Mijn machtigingen; die persoon keurt de aanvraag daar goed.',
    requestMandate: 'Een machtiging aanvragen in Mijn machtigingen',
    legend: 'Kies voor wie u deze dienst gebruikt',
    myself: (agent: string) => `Uzelf (${agent})`,
    via: (name: string) => `via ${name}`,
    born: (date: string) => `geboren ${date}`,
    kvk: (kvk: string) => `KvK ${kvk}`,
    groups: {
      self: 'Uzelf',
      legal: 'Wettelijke vertegenwoordiging',
      voluntary: 'Vrijwillige machtigingen',
      company: 'Organisaties',
      chain: 'Via een organisatie',
    } as Record<string, string>,
    search: 'Zoek op naam, geboortedatum of KvK-nummer',
    searchButton: 'Zoeken',
    showAll: 'Toon iedereen',
    found: (shown: number, total: number) => `${shown} van de ${total} gevonden.`,
    nothingFound: (query: string) => `Niemand gevonden voor "${query}". Probeer een deel van de naam, of toon iedereen.`,
    submit: 'Verder',
    cancel: 'Annuleren',
    chooseOne: 'Kies voor wie u deze dienst gebruikt.',
    notValid: 'Deze keuze is niet (meer) geldig voor u en deze dienst. Kies een van de mogelijkheden hieronder.',
  },
  consent: {
    title: 'Toestemming geven',
    wants: (client: string): SafeHtml => html`<strong>${client}</strong> vraagt om deze gegevens:`,
    bsn: 'Uw burgerservicenummer (BSN)',
    pseudonym: 'Een vast nummer waarmee de app u herkent (niet uw burgerservicenummer)',
    organisation: 'Namens welke organisatie u handelt, met het KvK-nummer en de naam',
    principal: 'Namens wie u handelt, met het burgerservicenummer of KvK-nummer en de naam',
    principalPseudonym: 'Namens wie u handelt, met de naam en een vast nummer waarmee de app die persoon herkent (niet het burgerservicenummer), of het KvK-nummer van een organisatie',
    ground: 'Op grond waarvan u namens die ander handelt',
    service: (name: string) => `Voor welke dienst: ${name}`,
    allow: 'Toestaan',
    deny: 'Weigeren',
  },
  logout: {
    title: 'Uitloggen',
    question: (client: string | undefined) => `Wilt u ook uitloggen bij namens${client ? ` (u komt van ${client})` : ''}?`,
    yes: 'Ja, uitloggen',
    no: 'Nee, ingelogd blijven',
    doneTitle: 'Uitgelogd',
    done: (client: string | undefined) => `U bent uitgelogd${client ? ` bij ${client}` : ''}. U kunt dit venster sluiten.`,
  },
  upstream: {
    button: (name: string) => `Inloggen met ${name}`,
    hints: {
      person: 'Voor uzelf, of voor iemand die u vertegenwoordigt',
      organisation: 'Namens een bedrijf of organisatie',
    } as Record<string, string>,
    back: (client: string) => `Terug naar ${client}`,
    startAgain: 'Ga terug naar de app en begin opnieuw.',
    failures: {
      cancelled: { title: 'Inloggen afgebroken', message: 'U hebt het inloggen afgebroken. Er is niets aan de app doorgegeven.' },
      upstream_error: { title: 'Inloggen is niet gelukt', message: 'Het inlogmiddel meldde een fout. Probeer het later opnieuw.' },
      upstream_unavailable: { title: 'Inlogmiddel niet bereikbaar', message: 'Het inlogmiddel is op dit moment niet bereikbaar. Probeer het later opnieuw.' },
      bad_signature: { title: 'Inloggen is niet gelukt', message: 'Het antwoord van het inlogmiddel kon niet worden gecontroleerd (de ondertekening klopt niet). U bent niet ingelogd.' },
      wrong_nonce: { title: 'Inloggen is niet gelukt', message: 'Het antwoord van het inlogmiddel hoort niet bij deze inlogpoging. U bent niet ingelogd.' },
      expired_token: { title: 'Inloggen is niet gelukt', message: 'Het antwoord van het inlogmiddel is verlopen. U bent niet ingelogd.' },
      invalid_id_token: { title: 'Inloggen is niet gelukt', message: 'Het antwoord van het inlogmiddel is ongeldig. U bent niet ingelogd.' },
      state_mismatch: { title: 'Inloggen is niet gelukt', message: 'Dit antwoord van het inlogmiddel hoort niet bij een inlogpoging in deze browser. U bent niet ingelogd.' },
      unmapped_acr: { title: 'Inloggen is niet gelukt', message: 'Het inlogmiddel gaf een betrouwbaarheidsniveau op dat namens niet kent. U bent niet ingelogd.' },
      level_not_reached: {
        title: 'Niveau van inloggen te laag',
        message: 'Met dit inlogmiddel haalt u niet het betrouwbaarheidsniveau dat deze dienst vraagt. Gebruik een inlogmiddel met een hoger niveau (bijvoorbeeld DigiD Substantieel of Hoog, of eHerkenning niveau EH3 of EH4) en begin opnieuw vanuit de app.',
      },
      no_identifier: { title: 'Inloggen is niet gelukt', message: 'Het inlogmiddel gaf geen geldig burgerservicenummer door. U bent niet ingelogd.' },
      no_organisation: {
        title: 'Inloggen is niet gelukt',
        message: 'Het inlogmiddel gaf geen geldig KvK-nummer door van de organisatie waarvoor u handelt. U bent niet ingelogd.',
      },
    } as Record<string, { title: string; message: string }>,
  },
  errors: {
    code: 'Foutcode',
    details: 'Technische details',
    somethingWrong: 'Er ging iets mis',
    notAllowed: 'Dit kan niet',
    tryLater: 'Er ging iets mis bij namens. Probeer het later opnieuw vanuit de app.',
    badRequest: 'De app die u hierheen stuurde, gaf een verzoek dat namens niet kan uitvoeren. Ga terug naar de app en probeer het opnieuw; blijft dit gebeuren, meld het dan aan de organisatie van de app.',
    notFound: 'Deze pagina of stap bestaat niet (meer). Ga terug naar de app of naar Mijn machtigingen en begin opnieuw.',
    generic: 'Ga terug naar de vorige pagina en probeer het opnieuw.',
    toMijn: 'Naar Mijn machtigingen',
    backToApp: (client: string) => `Terug naar ${client}`,
    startAgain: (client: string) => `Opnieuw beginnen bij ${client}`,
    sessionExpiredTitle: 'Deze inlogpoging is verlopen',
    sessionExpired: 'Deze stap hoort niet (meer) bij een inlogpoging in deze browser. Ga terug naar de app en begin opnieuw.',
    titles: {
      invalid_client: 'Onbekende app',
      invalid_redirect_uri: 'Onbekend terugkeeradres',
      invalid_request: 'Ongeldig verzoek',
      session_not_found: 'Uw sessie is verlopen',
      not_found: 'Niet gevonden',
    } as Record<string, string>,
    mijnLoginTitle: 'Inloggen is niet gelukt',
    mijnLoginAgain: 'Ga naar /mijn/login om opnieuw in te loggen.',
    mijnLogin: {
      login_state_mismatch: 'Deze inlogpoging is verlopen of niet in deze browser begonnen.',
      aborted: 'U bent niet ingelogd: het inloggen is afgebroken.',
      invalid_grant: 'De inlogcode is ongeldig, verlopen of al gebruikt.',
      used: 'De inlogcode is al gebruikt.',
      unknown_person: 'Deze persoon is niet (meer) bekend bij namens.',
      person_required: 'Mijn machtigingen is alleen voor personen: log in met DigiD, niet namens een organisatie (eHerkenning).',
    } as Record<string, string>,
  },
  mijn: {
    title: 'Mijn machtigingen',
    nav: 'Mijn machtigingen',
    overview: 'Overzicht',
    loggedInAs: (name: string): SafeHtml => html`Ingelogd als <strong>${name}</strong>`,
    logout: 'Uitloggen',
    landing: 'Hier ziet u wie namens u mag handelen, namens wie u mag handelen, en wanneer een machtiging is gebruikt. U kunt iemand machtigen, een machtiging aanvragen en machtigingen intrekken.',
    login: 'Inloggen',
    grantSomeone: 'Iemand machtigen',
    askMandate: 'Een machtiging aanvragen',
    givenTitle: 'Machtigingen die u hebt gegeven',
    givenIntro: 'Deze mensen of organisaties mogen namens u handelen.',
    heldTitle: 'Machtigingen die u hebt gekregen',
    heldIntro: 'U mag namens deze mensen of organisaties handelen.',
    none: 'Geen.',
    columns: { agent: 'Gemachtigde', principal: 'Namens', kind: 'Soort', coverage: 'Diensten of zaken', valid: 'Geldig', status: 'Status' },
    status: {
      requested: 'Aangevraagd',
      pending: 'Wacht op activering',
      active: 'Actief',
      not_yet_valid: 'Nog niet geldig',
      expired: 'Verlopen',
      revoked: 'Beëindigd',
      declined: 'Geweigerd',
    },
    withdrawn: 'Ingetrokken',
    basis: {
      voluntary: 'Vrijwillige machtiging',
      company: 'Vertegenwoordiging organisatie',
      legal: (label: string, professional: boolean | null) =>
        `Wettelijke vertegenwoordiging: ${label}${professional === null ? '' : professional ? ', professioneel' : ', familie'}`,
    },
    domains: { financial: 'geldzaken', care: 'zorg', personal: 'persoonlijke zaken', '*': 'alle zaken (tot 18 jaar)' } as Record<string, string>,
    allServices: 'Alle diensten',
    validFrom: (from: string) => `vanaf ${from}`,
    validRange: (from: string, until: string) => `${from} tot en met ${until}`,
    mandateTitle: (agent: string) => `Machtiging voor ${agent}`,
    heldMandateTitle: (principal: string) => `Machtiging van ${principal}`,
    invitation: (principal: string): SafeHtml => html`<strong>${principal}</strong> heeft u gemachtigd. De machtiging gaat in zodra u de activeringscode invult die u van ${principal} hebt gekregen.`,
    invitationLink: (principal: string) => `Activeringscode van ${principal} invullen`,
    codeOnce: 'Schrijf de code op of geef haar meteen door: na deze pagina is zij niet meer te zien.',
    fields: {
      principal: 'Volmachtgever (namens wie)',
      agent: 'Gemachtigde (wie handelt)',
      kind: 'Soort',
      matters: 'Zaken',
      services: 'Diensten',
      valid: 'Geldig',
      status: 'Status',
    },
    registerNote: (legal: boolean) =>
      `Deze machtiging komt uit het ${legal ? 'register van wettelijke vertegenwoordiging' : 'handelsregister'}. U kunt haar alleen daar laten wijzigen of beëindigen.`,
    activateTitle: 'Machtiging activeren',
    activateIntro: (principal: string) => `${principal} heeft u gemachtigd. Vul de activeringscode in die u hebt gekregen.`,
    activationCode: 'Activeringscode',
    activate: 'Activeren',
    activationRefused: 'Met deze code kan de machtiging niet worden geactiveerd. Controleer de code en probeer het opnieuw. Na vijf onjuiste pogingen kan dat pas na 15 minuten weer.',
    answerTitle: 'Aanvraag beantwoorden',
    answerIntro: (agent: string) => `${agent} vraagt of hij of zij namens u mag handelen voor de diensten hierboven.`,
    approve: 'Goedkeuren',
    decline: 'Weigeren',
    withdrawRequest: 'Aanvraag intrekken',
    revoke: 'Machtiging intrekken',
    revokeConfirm: {
      title: 'Machtiging intrekken?',
      requestTitle: 'Aanvraag intrekken?',
      question: (principal: string, agent: string, coverage: string) =>
        `Weet u zeker dat u de machtiging intrekt waarmee ${agent} namens ${principal} mag handelen voor: ${coverage}?`,
      requestQuestion: (principal: string, coverage: string) => `Weet u zeker dat u uw aanvraag intrekt om namens ${principal} te handelen voor: ${coverage}?`,
      final: 'De machtiging kan daarna niet meer worden gebruikt. Dit kunt u niet ongedaan maken; nodig is dan een nieuwe machtiging.',
      yes: 'Ja, intrekken',
      no: 'Nee, terug naar de machtiging',
    },
    usesTitle: 'Gebruik van deze machtiging',
    notUsed: 'Deze machtiging is nog niet gebruikt.',
    usesColumns: { at: 'Datum en tijd', who: 'Wie', app: 'App', service: 'Dienst' },
    backToOverview: 'Terug naar het overzicht',
    notices: {
      ingetrokken: 'De machtiging is ingetrokken. Zij kan niet meer worden gebruikt.',
      geactiveerd: 'De machtiging is geactiveerd.',
      goedgekeurd: 'U hebt de aanvraag goedgekeurd. De machtiging is actief.',
      geweigerd: 'U hebt de aanvraag geweigerd.',
    } as Record<string, string>,
    form: {
      grantTitle: 'Iemand machtigen',
      requestTitle: 'Een machtiging aanvragen',
      grantIntro: 'Machtig iemand om namens u diensten te gebruiken. De machtiging gaat in zodra die persoon haar heeft geactiveerd met de activeringscode die u daarna krijgt.',
      requestIntro: 'Vraag iemand om u te machtigen. Die persoon ziet uw aanvraag in Mijn machtigingen en keurt haar goed of wijst haar af.',
      whoGrant: 'Wie machtigt u?',
      whoRequest: 'Wie vraagt u om een machtiging?',
      bsn: 'Burgerservicenummer (BSN)',
      surname: 'Achternaam',
      birthDate: 'Geboortedatum',
      whichServices: 'Voor welke diensten?',
      howLong: 'Hoe lang?',
      validFrom: 'Begindatum',
      validUntil: 'Einddatum (hoogstens 5 jaar na de begindatum)',
      grant: 'Machtigen',
      request: 'Aanvragen',
      cancel: 'Annuleren',
    },
    formErrors: {
      bsn_missing: () => 'Vul het burgerservicenummer (BSN) in.',
      bsn_invalid: () => 'Dit is geen geldig burgerservicenummer: een BSN heeft 9 cijfers en voldoet aan de elfproef.',
      services_none: () => 'Kies ten minste één dienst.',
      services_not_allowed: () => 'Kies alleen diensten uit de lijst: voor de gekozen dienst kan geen machtiging worden gegeven.',
      valid_from_invalid: () => 'Vul een geldige begindatum in (jjjj-mm-dd).',
      valid_from_past: () => 'De begindatum mag niet in het verleden liggen.',
      valid_until_invalid: () => 'Vul een geldige einddatum in (jjjj-mm-dd).',
      valid_until_before_start: () => 'De einddatum kan niet vóór de begindatum liggen (een machtiging voor één dag begint en eindigt op dezelfde dag).',
      valid_until_too_late: (p: FormErrorParams) => `Een machtiging geldt hoogstens ${p.years} jaar: kies een einddatum tot en met ${p.until}.`,
      surname_missing: () => 'Vul de achternaam in.',
      agent_unknown: () => 'De combinatie van BSN en achternaam is niet bekend. Controleer beide gegevens.',
      agent_self: () => 'U kunt uzelf niet machtigen. Vul het BSN in van degene die namens u mag handelen.',
      birth_date_invalid: () => 'Vul een geldige geboortedatum in (jjjj-mm-dd).',
      principal_unknown: () => 'De combinatie van BSN en geboortedatum is niet bekend. Controleer beide gegevens.',
      principal_self: () => 'U kunt uzelf niet om een machtiging vragen. Vul het BSN in van degene namens wie u wilt handelen.',
      already_granted: (p: FormErrorParams) => `U hebt deze persoon al gemachtigd voor ${p.services}. Kies andere diensten, of trek eerst de bestaande machtiging in.`,
      already_requested: (p: FormErrorParams) => `U hebt al een machtiging (of een aanvraag) van deze persoon voor ${p.services}. Kies andere diensten, of trek eerst de bestaande machtiging in.`,
    } satisfies Record<FieldErrorCode, (p: FormErrorParams) => string> as Record<FieldErrorCode, (p: FormErrorParams) => string>,
    grantedTitle: 'Machtiging aangemaakt',
    grantedIntro: (agent: string): SafeHtml => html`U hebt <strong>${agent}</strong> gemachtigd. De machtiging gaat in zodra ${agent} haar activeert met deze code:`,
    grantedNote: (agent: string, until: string) =>
      `Geef de code zelf aan ${agent}. U ziet de code alleen nu; namens bewaart haar niet leesbaar. De code is geldig tot en met ${until} en werkt één keer.`,
    viewMandate: 'Bekijk de machtiging',
    requestedTitle: 'Aanvraag verstuurd',
    requestedIntro: 'Uw aanvraag staat klaar. Zodra de persoon die u noemde haar goedkeurt in Mijn machtigingen, mag u namens die persoon handelen.',
    viewRequest: 'Bekijk de aanvraag',

    contact: {
      link: 'E-mailadres voor berichten',
      title: 'E-mailadres voor berichten',
      intro: 'Geeft u een e-mailadres op, dan krijgt u een bericht als een machtiging van of voor u wordt aangevraagd, gegeven, geactiveerd, voor het eerst gebruikt of beëindigd, en 30 dagen voordat zij verloopt. Een e-mailadres is niet verplicht.',
      current: (email: string): SafeHtml => html`Berichten gaan nu naar <strong>${email}</strong>.`,
      none: 'U hebt geen e-mailadres opgegeven: u krijgt geen berichten.',
      email: 'E-mailadres',
      save: 'Opslaan',
      remove: 'E-mailadres verwijderen',
      notices: {
        opgeslagen: 'Uw e-mailadres is opgeslagen.',
        verwijderd: 'Uw e-mailadres is verwijderd. U krijgt geen berichten meer.',
      } as Record<string, string>,
      errors: {
        email_missing: 'Vul uw e-mailadres in, of kies E-mailadres verwijderen.',
        email_invalid: 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
      } as Record<string, string>,
    },
    renewalNote: (until: string) => `U verlengt een machtiging die geldt tot en met ${until}. Controleer de gegevens en vul de achternaam in.`,
  },

  notifications: {
    subjects: {
      requested: (p: NotificationParams) => (p.you === 'principal' ? `${p.agent} vraagt een machtiging van u` : `Uw aanvraag voor een machtiging van ${p.principal}`),
      granted: (p: NotificationParams) => (p.you === 'principal' ? `U hebt ${p.agent} gemachtigd` : `${p.principal} heeft u gemachtigd`),
      activated: (p: NotificationParams) => (p.you === 'principal' ? `De machtiging voor ${p.agent} is actief` : `Uw machtiging van ${p.principal} is actief`),
      registered: (p: NotificationParams) => (p.you === 'principal' ? `${p.agent} mag namens u handelen` : `U mag namens ${p.principal} handelen`),
      expiring: (p: NotificationParams) => `Machtiging verloopt op ${p.until}`,
      expired: (p: NotificationParams) => `Machtiging verlopen op ${p.until}`,
      revoked: (p: NotificationParams) => (p.you === 'principal' ? `De machtiging voor ${p.agent} is beëindigd` : `Uw machtiging van ${p.principal} is beëindigd`),
      first_used: (p: NotificationParams) => (p.you === 'principal' ? `${p.agent} heeft de machtiging voor het eerst gebruikt` : `U hebt de machtiging van ${p.principal} voor het eerst gebruikt`),
    },
    bodies: {
      requested: (p: NotificationParams) =>
        p.you === 'principal'
          ? `${p.agent} vraagt of hij of zij namens u mag handelen. U kunt de aanvraag goedkeuren of weigeren in Mijn machtigingen.`
          : `U hebt ${p.principal} gevraagd of u namens hem of haar mag handelen. U krijgt bericht zodra de aanvraag is beantwoord.`,
      granted: (p: NotificationParams) =>
        p.you === 'principal'
          ? `U hebt ${p.agent} gemachtigd om namens u te handelen. De machtiging gaat in zodra ${p.agent} haar heeft geactiveerd.`
          : `${p.principal} heeft u gemachtigd om namens hem of haar te handelen.`,
      activated: (p: NotificationParams) =>
        p.you === 'principal' ? `${p.agent} mag nu namens u handelen.` : `U mag nu namens ${p.principal} handelen.`,
      registered: (p: NotificationParams) =>
        p.you === 'principal'
          ? `In het register is vastgelegd dat ${p.agent} namens u mag handelen. In Mijn machtigingen ziet u waarvoor.`
          : `In het register is vastgelegd dat u namens ${p.principal} mag handelen. In Mijn machtigingen ziet u waarvoor.`,
      expiring: (p: NotificationParams) =>
        p.you === 'principal'
          ? `De machtiging waarmee ${p.agent} namens u mag handelen, geldt tot en met ${p.until}. Daarna vervalt zij.`
          : `De machtiging waarmee u namens ${p.principal} mag handelen, geldt tot en met ${p.until}. Daarna vervalt zij. Wilt u langer namens ${p.principal} handelen, vraag dan om een nieuwe machtiging.`,
      expired: (p: NotificationParams) =>
        p.you === 'principal'
          ? `De machtiging waarmee ${p.agent} namens u mocht handelen, gold tot en met ${p.until} en is verlopen.`
          : `De machtiging waarmee u namens ${p.principal} mocht handelen, gold tot en met ${p.until} en is verlopen.`,
      revoked: (p: NotificationParams) =>
        p.you === 'principal' ? `${p.agent} mag niet meer namens u handelen: de machtiging is beëindigd.` : `U mag niet meer namens ${p.principal} handelen: de machtiging is beëindigd.`,
      first_used: (p: NotificationParams) =>
        p.you === 'principal'
          ? `${p.agent} heeft voor het eerst namens u gehandeld. In Mijn machtigingen ziet u elk gebruik van de machtiging.`
          : `U hebt voor het eerst namens ${p.principal} gehandeld. In Mijn machtigingen ziet u elk gebruik van de machtiging.`,
    },
    greeting: (name: string) => `Beste ${name},`,
    renew: (url: string) => `Wilt u de machtiging verlengen? Open het formulier, al ingevuld: ${url}`,
    manage: (url: string) => `Bekijk uw machtigingen: ${url}`,
    footer: 'U krijgt dit bericht omdat u uw e-mailadres hebt opgegeven in Mijn machtigingen. Geen berichten meer? Verwijder het daar.',
    signature: 'namens',
  },
  decisions: {
    title: 'Wie heeft mijn machtigingen gecontroleerd',
    link: 'Wie heeft mijn machtigingen gecontroleerd?',
    intro: 'Hier ziet u wanneer is nagegaan of iemand namens u mocht handelen: bij het inloggen bij een app, en wanneer een dienstverlener het navroeg.',
    none: 'Nog niemand heeft uw machtigingen gecontroleerd.',
    columns: { at: 'Datum en tijd', asker: 'Wie vroeg', agent: 'Namens u', service: 'Dienst', point: 'Waar', outcome: 'Uitkomst' },
    points: { selection_screen: 'Keuze bij het inloggen', token: 'Controle bij de app', decision_api: 'Vraag van een dienstverlener' } as Record<string, string>,
    permit: 'Toegestaan',
    deny: 'Geweigerd',
    unknown: 'onbekend',
    rules: {
      mandate_holds: 'er is een geldige machtiging',
      acting_for_self: 'handelt voor zichzelf',
      no_mandate: 'er is geen machtiging',
      self_not_allowed: 'voor deze dienst kan men niet voor zichzelf handelen',
      service_withdrawn: 'de dienst wordt niet meer aangeboden',
      level_too_low: 'er is ingelogd op een te laag betrouwbaarheidsniveau',
      basis_not_accepted: 'deze soort machtiging geldt niet voor deze dienst',
      mandate_pending: 'de machtiging is nog niet geactiveerd',
      mandate_revoked: 'de machtiging is ingetrokken',
      mandate_not_yet_valid: 'de machtiging is nog niet ingegaan',
      mandate_ended: 'de machtiging is beëindigd',
      service_not_covered: 'de machtiging geldt niet voor deze dienst',
      principal_not_qualified: 'de machtiging geldt voor deze dienst alleen voor een kind',
    } as Record<string, string>,
  },
};

export type Messages = typeof nl;
