// The dependency rule of DESIGN.md ("Architecture"), checked by dependency-cruiser inside `npm test`
// (`npm run depcruise`). Every import counts, type-only imports too (tsPreCompilationDeps), so a rule cannot be dodged
// with `import type`. spec/architecture/dependency_rules.spec.ts runs these same rules over small fixtures and
// proves that each one reports the violation it is there for.

// An npm package by name: resolved under node_modules (its JavaScript or its @types/ typings), or by its bare name
// when it could not be resolved.
const npm = (names) => [`(^|/)node_modules/(@types/)?(${names})(/|$)`, `^(${names})(/|$)`];

const KOA = 'koa|@koa/[^/]+|koa__[^/]+|koa-[^/]+';
const KNEX = 'knex';
const OIDC_PROVIDER = 'oidc-provider';

// The HTTP side: the entry points that speak HTTP or OAuth, and the pages they render.
const HTTP_SIDE = '^(server/(http|routing|admin|mijn|interactions|oidc|upstream)|views)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'The domain (server/domain/) imports neither Koa (nor anything of @koa/*), knex nor oidc-provider: it is pure ' +
        'TypeScript plus repository interfaces, which server/persistence implements and the HTTP side calls.',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: { path: npm(`${KOA}|${KNEX}|${OIDC_PROVIDER}`) },
    },
    {
      name: 'only-persistence-imports-knex',
      comment:
        'Only server/persistence/ imports knex, types included: the rest of the server gets a Database ' +
        '(persistence/database.ts) and repositories. spec/, bench/, scripts/ and demo/ are not cruised: tests and ' +
        'tools may drive the database themselves.',
      severity: 'error',
      from: { path: '^(server|views|seeds)/', pathNot: '^server/persistence/' },
      to: { path: npm(KNEX) },
    },
    {
      name: 'migrations-import-knex-types-only',
      comment:
        'A knex migration is handed its knex instance (up(knex), down(knex)), so it needs the types ' +
        '(`import type { Knex } from \'knex\'`) and never knex itself.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: npm(KNEX), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'migrations-import-no-live-code',
      comment:
        'A migration stays as it was when it was written: it imports nothing of the live code (server/, views/, ' +
        'seeds/, ...), whose changes would silently change what an old migration does. What it needs, it holds itself.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { pathNot: ['^migrations/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'persistence-imports-no-http-side',
      comment:
        'Persistence maps rows and decides nothing: it imports nothing of the HTTP side (server/http, server/admin, ' +
        'server/mijn, server/interactions, server/oidc, server/upstream, views).',
      severity: 'error',
      from: { path: '^server/persistence/' },
      to: { path: HTTP_SIDE },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'No cycles between folders (server/admin, server/oidc, server/imports, server/http, server/mijn, ' +
        'server/interactions, server/upstream, server/persistence, server/domain, server/config, server/catalog, ' +
        'views, and any other): what two folders both need lives in the one that owns it, or in a third both import. ' +
        'dependency-cruiser counts a module in every folder above it too, so server/ as a whole is one of the folders.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular',
      comment: 'No cycles between modules either.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves (an import the checker cannot follow would escape every rule above).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    // NodeNext resolution with `.ts` extensions (allowImportingTsExtensions), as tsc and tsx resolve them.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    // The fixtures that spec/architecture/dependency_rules.spec.ts cruises break every rule on purpose.
    exclude: { path: '^spec/architecture/fixtures/' },
  },
};
