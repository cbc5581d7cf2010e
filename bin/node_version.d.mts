/** What is wrong with Node `version` (e.g. '20.20.2') for namens, or undefined when it will do. */
export function nodeVersionProblem(version: string): string | undefined;
