// Validators compiled from the JSON Schemas (schemas.ts): the one validator that the admin API, the imports and the
// command line share. Each violation is reported by JSON pointer.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Violation } from '../errors.ts';
import { SCHEMAS, type SchemaName } from './schemas.ts';

function compiler(options: { coerceTypes: boolean }) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, coerceTypes: options.coerceTypes });
  // ajv-formats ships CommonJS with a default export that TypeScript sees as the module namespace.
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const compiled = new Map<SchemaName, ValidateFunction>();
  return (name: SchemaName): ValidateFunction => {
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.compile(SCHEMAS[name]);
      compiled.set(name, validate);
    }
    return validate;
  };
}

const strict = compiler({ coerceTypes: false });
/** For CSV cells, which are all text: "true" becomes true, "3" becomes 3. */
const coercing = compiler({ coerceTypes: true });

/** ajv's errors as violations: one per problem, alternatives (oneOf/anyOf) folded into one line. */
export function toViolations(errors: ErrorObject[] | null | undefined): Violation[] {
  const list = errors ?? [];
  const alternatives = list.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
  const inside = (error: ErrorObject) => alternatives.some((alt) => error.schemaPath.startsWith(`${alt.schemaPath}/`));
  const violations: Violation[] = [];
  for (const error of list) {
    if (inside(error)) continue;
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      const branches = list.filter((sub) => sub.schemaPath.startsWith(`${error.schemaPath}/`));
      const alternativesRequired = (error.schema as Array<{ required?: string[] }>).flatMap((branch) => (Object.keys(branch).length === 1 && branch.required ? branch.required : []));
      const required = alternativesRequired.length === (error.schema as unknown[]).length ? alternativesRequired : [];
      if (required.length > 0 && branches.every((sub) => sub.keyword === 'required')) {
        violations.push({ pointer: error.instancePath, message: `needs ${error.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of ${required.join(', ')}` });
      } else if (branches.length) {
        violations.push({ pointer: error.instancePath, message: [...new Set(branches.map((sub) => sub.message))].join(' or ') });
      } else {
        violations.push({ pointer: error.instancePath, message: `needs exactly one of the alternatives (${error.message})` });
      }
      continue;
    }
    if (error.keyword === 'required') {
      violations.push({ pointer: `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`, message: 'is required' });
    } else if (error.keyword === 'additionalProperties') {
      violations.push({ pointer: `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`, message: 'is not allowed' });
    } else if (error.keyword === 'enum') {
      violations.push({ pointer: error.instancePath, message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` });
    } else {
      violations.push({ pointer: error.instancePath, message: error.message ?? 'is invalid' });
    }
  }
  return violations;
}

/** JSON pointer escaping of one key (RFC 6901). */
const escapeKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Every string (value or key) that holds a NUL character: no field has a use for one, and PostgreSQL cannot store one
 * in text (it failed the whole request there), so it is refused on every database alike.
 */
function nulViolations(value: unknown, pointer = ''): Violation[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ pointer, message: 'must not contain the NUL character (U+0000)' }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulViolations(item, `${pointer}/${index}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      key.includes('\u0000') ? [{ pointer: `${pointer}/${escapeKey(key)}`, message: 'must not contain the NUL character (U+0000)' }] : nulViolations(item, `${pointer}/${escapeKey(key)}`),
    );
  }
  return [];
}

/** Validates `value` against the named schema; returns every violation (none: valid). CSV input coerces text cells. */
export function violationsOf(name: SchemaName, value: unknown, { coerce = false }: { coerce?: boolean } = {}): Violation[] {
  const validate = (coerce ? coercing : strict)(name);
  const nul = nulViolations(value);
  if (validate(value)) return nul;
  const pointed = new Set(nul.map((violation) => violation.pointer));
  return [...nul, ...toViolations(validate.errors).filter((violation) => !pointed.has(violation.pointer))];
}
