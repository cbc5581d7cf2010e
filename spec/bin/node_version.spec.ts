// `npx namens` on the Node it brings runs; `node bin/namens.mjs` on an older Node on the PATH says what to do instead
// of failing with a stack trace about node:sqlite.
import assert from 'node:assert/strict';
import { nodeVersionProblem } from '../../bin/node_version.mjs';

describe('bin: the Node version the command line needs', () => {
  it('takes 22.13 and later, and this Node', () => {
    for (const version of ['22.13.0', '22.23.3', '23.0.0', '24.11.1', process.versions.node]) assert.equal(nodeVersionProblem(version), undefined, version);
  });

  it('refuses older ones with what to do', () => {
    for (const version of ['20.20.2', 'v22.12.0', '18.0.0', '21.7.3']) {
      assert.match(nodeVersionProblem(version) ?? '', new RegExp(`^namens needs Node.js 22.13 or later; this is v${version.replace(/^v/, '').replace(/\./g, '\\.')}\\. Run it as \`npx namens …\``), version);
    }
  });
});
