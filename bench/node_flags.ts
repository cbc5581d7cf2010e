// The Node flags that a checkout's `npm start` runs with, so that every server a benchmark starts runs as namens does.
import { readFileSync } from 'node:fs';

export function nodeFlagsOf(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(' ').filter((word) => word.startsWith('--'));
}
