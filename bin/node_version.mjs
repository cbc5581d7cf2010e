// The SQLite driver is Node's own node:sqlite (22.13 and later, as package.json's engines says): an older `node` on
// the PATH gets a sentence that says what to do, not a stack trace.

/** What is wrong with Node `version` (e.g. '20.20.2') for namens, or undefined when it will do. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return undefined;
  return `namens needs Node.js 22.13 or later; this is v${version.replace(/^v/, '')}. Run it as \`npx namens …\` in the project (it brings Node 22), or install a newer Node.`;
}
