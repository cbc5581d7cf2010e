#!/usr/bin/env node
// `npx namens <command>`: runs the TypeScript command line (server/cli.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
