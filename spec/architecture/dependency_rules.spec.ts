// The dependency rules of .dependency-cruiser.cjs fail when they should: dependency-cruiser runs them, through its
// API and with the project's own configuration, over fixtures that break each rule on purpose (fixtures/), and each
// rule reports exactly the imports that break it, and nothing that is allowed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const root = join(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');

/** An npm package by name, however it resolved (`../../../node_modules/@koa/router/dist/index.d.mts`: @koa/router). */
const named = (path: string) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path;

describe('architecture: the dependency rules', () => {
  let violations: IViolation[];
  let ruleNames: string[];

  before(async () => {
    // The options as the depcruise command line reads them, less the exclusion of these very fixtures.
    const { exclude: _fixtures, ...options } = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
    ruleNames = (options.ruleSet?.forbidden ?? []).map((rule) => rule.name ?? '(unnamed)');
    const result = await cruise(['server', 'migrations'], { ...options, baseDir: fixtures, validate: true, outputType: 'json' });
    // The json reporter's output is text; parsed, it is the cruise result (what the depcruise command reports from).
    violations = (JSON.parse(result.output as string) as ICruiseResult).summary.violations;
  });

  const reported = (rule: string) =>
    violations
      .filter((violation) => violation.rule.name === rule)
      .map((violation) => `${violation.from} → ${named(violation.to)}`)
      .sort();

  it('domain-is-pure: the domain importing knex, Koa, @koa/router or oidc-provider, also by `import type`', () => {
    assert.deepEqual(reported('domain-is-pure'), [
      'server/domain/x.ts → @koa/router',
      'server/domain/x.ts → knex',
      'server/domain/x.ts → koa',
      'server/domain/x.ts → oidc-provider',
    ]);
  });

  it('only-persistence-imports-knex: knex outside server/persistence/ (persistence itself may)', () => {
    assert.deepEqual(reported('only-persistence-imports-knex'), ['server/domain/x.ts → knex']);
  });

  it("migrations-import-knex-types-only: a migration importing knex itself (its `import type { Knex }` may)", () => {
    assert.deepEqual(reported('migrations-import-knex-types-only'), ['migrations/20000101000100_live_code.ts → knex']);
  });

  it('migrations-import-no-live-code: a migration importing server code (knex types and node:crypto may)', () => {
    assert.deepEqual(reported('migrations-import-no-live-code'), ['migrations/20000101000100_live_code.ts → server/persistence/y.ts']);
  });

  it('persistence-imports-no-http-side: persistence importing the admin API', () => {
    assert.deepEqual(reported('persistence-imports-no-http-side'), ['server/persistence/y.ts → server/admin/z.ts']);
  });

  it('no-folder-cycles: two folders that import each other, with no module cycle between them', () => {
    assert.deepEqual(reported('no-folder-cycles'), ['server/left → server/right', 'server/right → server/left']);
    assert.deepEqual(reported('no-circular').filter((edge) => /left|right/.test(edge)), []);
  });

  it('no-circular: two modules that import each other', () => {
    assert.deepEqual(reported('no-circular'), ['server/loop/one.ts → server/loop/two.ts']);
  });

  it('no-unresolvable: an import of a file that does not exist', () => {
    assert.deepEqual(reported('no-unresolvable'), ['server/domain/x.ts → ./missing.ts']);
  });

  it('has a fixture for every rule of the configuration', () => {
    const tested = ['domain-is-pure', 'only-persistence-imports-knex', 'migrations-import-knex-types-only', 'migrations-import-no-live-code', 'persistence-imports-no-http-side', 'no-folder-cycles', 'no-circular', 'no-unresolvable'];
    assert.deepEqual([...ruleNames].sort(), [...tested].sort());
    assert.deepEqual([...new Set(violations.map((violation) => violation.rule.name))].sort(), [...tested].sort());
  });
});
