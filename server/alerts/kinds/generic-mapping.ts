import { z } from 'zod';
import { parseInstant } from '../../../shared/util/time';
import type { AlertStatus } from '../normalized-alert';
import { type JsonPointer, parseJsonPointer, resolveJsonPointer } from './json-pointer';

/**
 * The generic source kind's mapping: where in the sender's JSON each field of an alert is, as
 * JSON Pointers (RFC 6901), written in the alert sources file. Every pointer the mapping names
 * must find a value in every request; a request where one does not is refused with a 400 that
 * names the field and the pointer, so a sender's format change is seen at once, not guessed at.
 */

/** A pointer as written (for refusals) and as parsed (for reading). */
export interface MappedPointer {
  readonly text: string;
  readonly tokens: JsonPointer;
}

export type TimeFormat = 'iso' | 'epoch-seconds' | 'epoch-milliseconds';

export interface GenericMapping {
  readonly title: MappedPointer;
  readonly dedupeKey: MappedPointer;
  /** Absent: every request is `firing`. */
  readonly status?:
    | { readonly pointer: MappedPointer; readonly values: Readonly<Record<string, AlertStatus>> }
    | undefined;
  readonly severity?: MappedPointer | undefined;
  /** Absent: the relay's receive time. */
  readonly time?: { readonly pointer: MappedPointer; readonly format: TimeFormat } | undefined;
  /** A pointer to an object whose members are the labels, or label name → pointer. */
  readonly labels?: MappedPointer | Readonly<Record<string, MappedPointer>> | undefined;
  readonly description?: MappedPointer | undefined;
  readonly link?: MappedPointer | undefined;
  /** Absent: a hash of the body's bytes, so a sender's retry of the same body appends nothing. */
  readonly deliveryId?: MappedPointer | undefined;
}

/** Dedupe keys and delivery ids are stored and compared; a longer one is a mapping mistake. */
export const MAX_KEY_CHARS = 512;

const pointerSchema = z.string().transform((text, context): MappedPointer => {
  const parsed = parseJsonPointer(text);
  if ('error' in parsed) {
    context.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return { text, tokens: parsed.pointer };
});

const statusWord = z.enum(['firing', 'resolved', 'acknowledged', 'annotated']);
const timeFormat = z.enum(['iso', 'epoch-seconds', 'epoch-milliseconds']);

export const genericMappingSchema = z.strictObject({
  title: pointerSchema,
  dedupeKey: pointerSchema,
  status: z
    .strictObject({
      pointer: pointerSchema,
      values: z
        .record(z.string(), statusWord)
        .refine((values) => Object.keys(values).length > 0, 'must map at least one value'),
    })
    .optional(),
  severity: pointerSchema.optional(),
  // `time: /at` is ISO-8601 text; epoch numbers say their unit, never guessed from their size.
  time: z
    .union([
      pointerSchema.transform((pointer) => ({ pointer, format: 'iso' as const })),
      z.strictObject({ pointer: pointerSchema, format: timeFormat }),
    ])
    .optional(),
  labels: z.union([pointerSchema, z.record(z.string().min(1), pointerSchema)]).optional(),
  description: pointerSchema.optional(),
  link: pointerSchema.optional(),
  deliveryId: pointerSchema.optional(),
}) satisfies z.ZodType<GenericMapping, unknown>;

/** What the mapping read from one body; `time` undefined when the mapping has none. */
export interface MappedFields {
  readonly title: string;
  readonly dedupeKey: string;
  readonly status: AlertStatus;
  readonly severity: string | undefined;
  readonly time: number | undefined;
  readonly labels: Record<string, string>;
  readonly description: string | undefined;
  readonly link: string | undefined;
  readonly deliveryId: string | undefined;
}

/** A refusal's one line: the mapping field, the pointer, what is wrong (never the body). */
export class MappingRefusal extends Error {}

/** Reads every mapped field from the body, or throws a MappingRefusal naming the first missing. */
export function applyMapping(mapping: GenericMapping, body: unknown): MappedFields {
  const text = (field: string, pointer: MappedPointer) => readText(body, field, pointer);
  const optional = (field: string, pointer: MappedPointer | undefined) =>
    pointer === undefined ? undefined : text(field, pointer);
  return {
    title: oneLine(text('title', mapping.title)),
    dedupeKey: bounded('dedupeKey', mapping.dedupeKey, text('dedupeKey', mapping.dedupeKey)),
    status: mapping.status === undefined ? 'firing' : readStatus(body, mapping.status),
    severity: optional('severity', mapping.severity),
    time: mapping.time === undefined ? undefined : readTime(body, mapping.time),
    labels: mapping.labels === undefined ? {} : readLabels(body, mapping.labels),
    description: optional('description', mapping.description),
    link: mapping.link === undefined ? undefined : readLink(body, mapping.link),
    deliveryId:
      mapping.deliveryId === undefined
        ? undefined
        : bounded('deliveryId', mapping.deliveryId, text('deliveryId', mapping.deliveryId)),
  };
}

function found(body: unknown, field: string, pointer: MappedPointer): unknown {
  const value = resolveJsonPointer(body, pointer.tokens);
  if (value === undefined || value === null) {
    throw new MappingRefusal(`${field}: nothing at ${quoted(pointer)} in the body`);
  }
  return value;
}

/** Text, or a number or true/false as text; an object or a list is a mapping mistake. */
function readText(body: unknown, field: string, pointer: MappedPointer): string {
  const value = found(body, field, pointer);
  const text = scalarText(value);
  if (text === undefined) {
    throw new MappingRefusal(`${field}: ${quoted(pointer)} is ${kindOf(value)}, not text`);
  }
  if (text.trim() === '') throw new MappingRefusal(`${field}: ${quoted(pointer)} is empty`);
  return text;
}

function readStatus(body: unknown, status: NonNullable<GenericMapping['status']>): AlertStatus {
  const value = readText(body, 'status', status.pointer);
  const mapped = Object.hasOwn(status.values, value) ? status.values[value] : undefined;
  if (mapped === undefined) {
    const known = Object.keys(status.values)
      .map((key) => JSON.stringify(key))
      .join(', ');
    throw new MappingRefusal(
      `status: ${JSON.stringify(value.slice(0, 40))} at ${quoted(status.pointer)} is not one of the mapped values (${known})`,
    );
  }
  return mapped;
}

function readTime(body: unknown, time: NonNullable<GenericMapping['time']>): number {
  const value = found(body, 'time', time.pointer);
  const where = `time: ${quoted(time.pointer)}`;
  let instant: ReturnType<typeof parseInstant>;
  if (time.format === 'iso') {
    if (typeof value !== 'string')
      throw new MappingRefusal(`${where} is ${kindOf(value)}, not ISO-8601 text`);
    instant = parseInstant(value);
  } else {
    // Numbers or digit strings (some senders quote their epochs); seconds may carry a fraction.
    const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number') {
      throw new MappingRefusal(`${where} is ${kindOf(value)}, not a number (${time.format})`);
    }
    instant = parseInstant(time.format === 'epoch-seconds' ? number * 1000 : number);
  }
  if ('error' in instant) throw new MappingRefusal(`${where} ${instant.error}`);
  return instant.ms;
}

function readLabels(
  body: unknown,
  labels: NonNullable<GenericMapping['labels']>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMappedPointer(labels)) {
    const value = found(body, 'labels', labels);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new MappingRefusal(`labels: ${quoted(labels)} is ${kindOf(value)}, not an object`);
    }
    for (const [name, member] of Object.entries(value)) {
      if (member === null || member === undefined) continue;
      // Nested values stay matchable as their JSON text rather than being dropped.
      out[name] = scalarText(member) ?? JSON.stringify(member);
    }
    return out;
  }
  for (const [name, pointer] of Object.entries(labels)) {
    out[name] = readText(body, `labels.${name}`, pointer);
  }
  return out;
}

/** Only web links: a `javascript:` or `file:` URL must never become something people click. */
function readLink(body: unknown, pointer: MappedPointer): string {
  const text = readText(body, 'link', pointer);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new MappingRefusal(`link: ${quoted(pointer)} is not an http(s) URL`);
  }
  return text;
}

function bounded(field: string, pointer: MappedPointer, text: string): string {
  if (text.length > MAX_KEY_CHARS) {
    throw new MappingRefusal(
      `${field}: ${quoted(pointer)} is ${text.length} characters; at most ${MAX_KEY_CHARS}`,
    );
  }
  return text;
}

function isMappedPointer(value: NonNullable<GenericMapping['labels']>): value is MappedPointer {
  return Array.isArray((value as Partial<MappedPointer>).tokens);
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The root pointer is "", which would read as nothing in a sentence. */
function quoted(pointer: MappedPointer): string {
  return pointer.text === '' ? '"" (the whole body)' : pointer.text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
