// Validators for the published schemas the machine formats must satisfy (schemas/SOURCES.md says
// where each comes from). The SARIF schema is the OASIS Standard's (JSON Schema draft-04); the OCSF
// one is snapaudit's own, draft-07, written from the OCSF 1.3.0 class definitions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

// CommonJS packages: under NodeNext the default import is `module.exports`, whose `default` is the class.
type Ctor<T> = new (options?: Record<string, unknown>) => T;
const interop = <T>(m: unknown): T => ((m as { default?: T }).default ?? (m as T));
const AjvDraft04 = interop<Ctor<import('ajv').default>>(AjvDraft04Module);
const Ajv = interop<Ctor<import('ajv').default>>(AjvModule);
const addFormats = interop<(ajv: import('ajv').default) => void>(addFormatsModule);

const schema = (name: string): object => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../schemas/${name}`, import.meta.url)), 'utf8')) as object;

function compile(ajv: import('ajv').default, name: string): ValidateFunction {
  addFormats(ajv);
  return ajv.compile(schema(name));
}

export const validateSarif = compile(new AjvDraft04({ allErrors: true, strict: false }), 'sarif-schema-2.1.0.json');
export const validateOcsf = compile(new Ajv({ allErrors: true, strict: true, strictRequired: false }), 'ocsf-1.3.0-findings.schema.json');

export function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}
