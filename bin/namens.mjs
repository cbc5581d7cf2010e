#!/usr/bin/env node
// `npx namens <command>`: runs the TypeScript command line (server/cli.ts) through tsx.
import { register } from 'tsx/esm/api';
import { nodeVersionProblem } from './node_version.mjs';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}

register();
await import('../server/cli.ts');
