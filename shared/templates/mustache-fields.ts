import { z } from 'zod';

/**
 * The shape of the data a Mustache template may read, derived from the zod schema of its view
 * object so the template checker, the TypeScript type and the runtime check cannot drift apart.
 */
export type FieldSpec =
  | { readonly kind: 'text' }
  | { readonly kind: 'flag' }
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, FieldSpec> }
  | { readonly kind: 'list'; readonly item: FieldSpec };

export type ObjectFieldSpec = Extract<FieldSpec, { kind: 'object' }>;

export function fieldSpecFromSchema(schema: z.core.$ZodType): FieldSpec {
  if (schema instanceof z.ZodString) return { kind: 'text' };
  if (schema instanceof z.ZodBoolean) return { kind: 'flag' };
  if (schema instanceof z.ZodArray)
    return { kind: 'list', item: fieldSpecFromSchema(schema.element) };
  if (schema instanceof z.ZodObject) {
    const fields = new Map<string, FieldSpec>();
    // A bare ZodObject's shape is typed loosely (values are any): check each child at runtime.
    for (const [name, child] of Object.entries<unknown>(schema.shape)) {
      if (!(child instanceof z.ZodType))
        throw new Error(`fieldSpecFromSchema: ${name} is not a schema`);
      fields.set(name, fieldSpecFromSchema(child));
    }
    return { kind: 'object', fields };
  }
  // View schemas are written for templates: only text, flags, lists and objects. Anything else is a
  // programming error in shared/, not a user mistake, so it throws.
  throw new Error(`fieldSpecFromSchema: unsupported schema type ${schema._zod.def.type}`);
}

export function objectFieldSpec(schema: z.ZodObject): ObjectFieldSpec {
  const spec = fieldSpecFromSchema(schema);
  if (spec.kind !== 'object') throw new Error('objectFieldSpec: expected an object schema');
  return spec;
}

/** Every field path a template can use, for documentation and error hints (`timeline[].text`). */
export function listFieldPaths(spec: FieldSpec, prefix = ''): string[] {
  switch (spec.kind) {
    case 'text':
    case 'flag':
      return [prefix];
    case 'list':
      return spec.item.kind === 'object'
        ? [prefix, ...listFieldPaths(spec.item, `${prefix}[]`)]
        : [prefix];
    case 'object':
      return [...spec.fields].flatMap(([name, child]) =>
        listFieldPaths(child, prefix === '' ? name : `${prefix}.${name}`),
      );
  }
}
