/**
 * JSON Pointer (RFC 6901), the paths the generic source kind's mapping is written in: `""` is the
 * whole document, `/a/b` walks members, `/items/0` an array index, `~1` is a `/` and `~0` a `~`
 * inside one name (`/labels/team~1owner` reads the member `team/owner`). Only this string form;
 * the URI fragment form (`#/a`) is not accepted, so a pointer reads the same in YAML and in docs.
 */

/** A pointer split into its unescaped reference tokens. */
export type JsonPointer = readonly string[];

/** Parses a pointer, or says in a sentence why it is not one (for the source file's check). */
export function parseJsonPointer(text: string): { pointer: JsonPointer } | { error: string } {
  if (text === '') return { pointer: [] };
  if (!text.startsWith('/')) {
    return { error: 'a JSON Pointer starts with "/" (or is "" for the whole body)' };
  }
  const tokens: string[] = [];
  for (const raw of text.slice(1).split('/')) {
    // `~` may only start `~0` or `~1`; anything else is a typo that would otherwise read nothing.
    if (/~(?![01])/.test(raw)) {
      return { error: 'in a JSON Pointer "~" must be written "~0" and "/" inside a name "~1"' };
    }
    // ~1 before ~0, as RFC 6901 section 4 requires: "~01" is the name "~1", not "/".
    tokens.push(raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return { pointer: tokens };
}

/**
 * The value the pointer names in a parsed JSON document, or undefined when there is none (a
 * missing member, an index past the end, a path through a string or null). Array indexes are
 * decimal without leading zeros, as the RFC says; `-` (past the end) names nothing.
 */
export function resolveJsonPointer(document: unknown, pointer: JsonPointer): unknown {
  let current: unknown = document;
  for (const token of pointer) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null) {
      // Own members only: a pointer must never reach `__proto__` or `constructor` of Object.
      if (!Object.hasOwn(current, token)) return undefined;
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}
