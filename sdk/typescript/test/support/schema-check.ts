/** A JSON Schema as docs/openapi.json writes them (the subset it uses). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
}

/**
 * Checks a value against a schema of the document: types (null included), required and unknown properties,
 * array items, `oneOf` (as anyOf) and `$ref`. Returns what does not match, each with its JSON path; empty when it all does.
 */
export function schemaProblems(value: unknown, schema: Schema, schemas: Record<string, Schema>, at = '$'): string[] {
  if (schema.$ref !== undefined) {
    const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
    return target === undefined ? [`${at}: unknown $ref ${schema.$ref}`] : schemaProblems(value, target, schemas, at);
  }

  if (schema.oneOf !== undefined) {
    // Read as anyOf: the document gives a nullable JSON value as oneOf [null, {}], and null matches both.
    const matches = schema.oneOf.some((option) => schemaProblems(value, option, schemas, at).length === 0);
    return matches ? [] : [`${at}: matches none of the oneOf options: ${JSON.stringify(value)?.slice(0, 200)}`];
  }

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.includes(typeOf(value)) && !(types.includes('number') && typeOf(value) === 'integer')) {
      return [`${at}: ${typeOf(value)} where the schema says ${types.join(' | ')}`];
    }
  }

  const problems: string[] = [];
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => problems.push(...schemaProblems(item, schema.items!, schemas, `${at}[${index}]`)));
  }

  if (typeOf(value) === 'object' && (schema.properties !== undefined || schema.additionalProperties !== undefined)) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in object)) {
        problems.push(`${at}.${name}: required, missing`);
      }
    }

    for (const [name, field] of Object.entries(object)) {
      const declared = schema.properties?.[name];
      if (declared !== undefined) {
        problems.push(...schemaProblems(field, declared, schemas, `${at}.${name}`));
      } else if (schema.additionalProperties === false) {
        problems.push(`${at}.${name}: sent, not in the schema`);
      } else if (typeof schema.additionalProperties === 'object') {
        problems.push(...schemaProblems(field, schema.additionalProperties, schemas, `${at}.${name}`));
      }
    }
  }

  return problems;
}

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }

  if (Array.isArray(value)) {
    return 'array';
  }

  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }

  return typeof value;
}
