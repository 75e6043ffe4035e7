import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../shared/doc/enums';
import { STATUS_PAGE_ID_PATTERN } from '../../shared/doc/keys';
import { OUTBOUND_TARGET_ID_PATTERN } from '../../shared/ops/outbound-delivery';
import { checkOneSecretForm, secretsOf, signingSecretFields } from '../alerts/hmac-signature';
import {
  PROCESS_SECRET_SOURCES,
  resolveSecretReferences,
  type SecretProblem,
  type SecretSources,
} from '../alerts/secret-references';
import { ConfigError } from '../config';
import {
  parseYamlConfig,
  problemAt,
  problemsOf,
  readConfigFileText,
  throwFirstProblem,
  type FileProblem,
} from '../config-files/yaml-config-file';
import { OUTBOUND_EVENT_TYPES, type OutboundEventType } from './outbound-event';
import {
  checkTokenIsReference,
  isTrackerKind,
  readTrackerTarget,
  TRACKER_KINDS,
  type TrackerTarget,
} from './trackers/tracker-config';

/** The kinds this relay sends to. */
export const OUTBOUND_TARGET_KINDS = ['webhook', 'slack', 'statuspage', 'email'] as const;
export type OutboundTargetKind = (typeof OUTBOUND_TARGET_KINDS)[number];

/** Every kind the file accepts: the event receivers above and the follow-up trackers. */
const ALL_KINDS: readonly string[] = [...OUTBOUND_TARGET_KINDS, ...TRACKER_KINDS];

/** A receiver that takes one POST per event. `url` and `secrets` may be secrets: never log one. */
export interface HttpTarget {
  readonly id: string;
  readonly kind: 'webhook' | 'slack';
  readonly url: string;
  /**
   * The webhook kind's signing secrets: one, or while rotating several (each request is signed
   * with each); empty for slack (its URL is the secret).
   */
  readonly secrets: readonly string[];
}

/** An Atlassian Statuspage page, through its REST API (v1). `apiKey` is a secret. */
export interface StatuspageTarget {
  readonly id: string;
  readonly kind: 'statuspage';
  /** `https://api.statuspage.io` unless the file says otherwise (tests, a proxy). */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly pageId: string;
  /** This relay's status page component id → the Statuspage component id it stands for. */
  readonly components: Readonly<Record<string, string>>;
}

/** SMTP delivery to people. `smtp.auth.pass` is a secret. */
export interface EmailTarget {
  readonly id: string;
  readonly kind: 'email';
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    /** TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
    readonly secure: boolean;
    readonly auth: { readonly user: string; readonly pass: string } | null;
  };
  readonly from: string;
  /** Who gets the mail, by the room's severity when the event happened. */
  readonly to: Readonly<Partial<Record<Severity, readonly string[]>>>;
}

/** One receiver. Its fields may hold secrets: never log a target. */
export type OutboundTarget = HttpTarget | StatuspageTarget | EmailTarget | TrackerTarget;

/** Which events go to which targets, optionally only for some severities or status pages. */
export interface OutboundRoute {
  readonly events: ReadonlySet<OutboundEventType>;
  readonly targets: readonly string[];
  /** Null: any severity (and rooms without one). */
  readonly severities: ReadonlySet<Severity> | null;
  /** Null: any room; otherwise only rooms listed on one of these status pages. */
  readonly statusPages: ReadonlySet<string> | null;
}

/** How the sender retries; short values make tests fast, the defaults suit real receivers. */
export interface DeliveryPolicy {
  /** Tries before a delivery is failed for good (it stays visible, see docs/OUTBOUND.md). */
  readonly maxAttempts: number;
  /** Backoff before the second try; doubled each try, with jitter, up to `maxBackoffMs`. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** One request's time limit; a request that takes longer counts as a failed try. */
  readonly timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 15,
  initialBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  timeoutMs: 10_000,
};

export interface OutboundConfig {
  readonly targets: ReadonlyMap<string, OutboundTarget>;
  readonly routes: readonly OutboundRoute[];
  readonly delivery: DeliveryPolicy;
  /** `https://…/{room}`: the link back to a room in messages; null: messages carry no link. */
  readonly roomUrl: string | null;
}

/** A relay without `--outbound` sends nothing and keeps no outbox rows. */
export const NO_OUTBOUND: OutboundConfig = {
  targets: new Map(),
  routes: [],
  delivery: DEFAULT_DELIVERY_POLICY,
  roomUrl: null,
};

/** An outbound file the relay refuses to start with; the message is one line. */
export class OutboundFileError extends ConfigError {}

const HTTP_URL = /^https?:\/\/[^\s]+$/i;

// Ids go into receipts, logs and the room document (as keys): short and plain.
const idSchema = z.string().regex(OUTBOUND_TARGET_ID_PATTERN, {
  error: 'must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit',
});
const urlSchema = z.string().max(2_000).regex(HTTP_URL, { error: 'must be an http(s) URL' });
// Statuspage ids are short lower-case alphanumerics (`kctbh9vrtdwd`); they go into URL paths.
const statuspageIdSchema = z
  .string()
  .regex(/^[a-z0-9]{1,64}$/, { error: 'must be a Statuspage id (letters and digits)' });
// One address, as RFC 5321 would take it without quoting; a display name goes in `from` only.
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;
const addressSchema = z.string().max(320).regex(ADDRESS, { error: 'must be an email address' });
const fromSchema = z
  .string()
  .max(400)
  .regex(/^(?:[^<>"\r\n]*<[^\s@<>",;]+@[^\s@<>",;]+>|[^\s@<>",;]+@[^\s@<>",;]+)$/, {
    error: 'must be an email address, or "Name <address>"',
  });

const targetEnvelope = z.looseObject({
  id: idSchema,
  kind: z.string().superRefine((kind, context) => {
    if (ALL_KINDS.includes(kind)) return;
    context.addIssue({ code: 'custom', message: `must be one of ${ALL_KINDS.join(', ')}` });
  }),
});

const KIND_SCHEMAS = {
  // The same `secret` / `secrets` fields as a signed alert source: one form to learn.
  webhook: z
    .strictObject({ url: urlSchema, ...signingSecretFields })
    .superRefine(checkOneSecretForm),
  // An incoming webhook's URL carries its own token: Slack signs nothing, the URL is the secret.
  slack: z.strictObject({ url: urlSchema }),
  statuspage: z.strictObject({
    apiKey: z.string().min(1, { error: 'must not be empty' }),
    pageId: statuspageIdSchema,
    apiUrl: urlSchema.default('https://api.statuspage.io'),
    components: z.record(z.string().regex(STATUS_PAGE_ID_PATTERN), statuspageIdSchema).default({}),
  }),
  email: z.strictObject({
    smtp: z.strictObject({
      host: z.string().min(1).max(253),
      port: z.int().min(1).max(65_535).default(587),
      secure: z.boolean().default(false),
      auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
    }),
    from: fromSchema,
    to: z
      .partialRecord(z.enum(SEVERITIES), z.array(addressSchema).min(1).max(100))
      .refine((to) => Object.keys(to).length > 0, { error: 'must list recipients for a severity' }),
  }),
} as const;

/** Events a Statuspage incident is made of: its updates, and its end. */
const STATUSPAGE_EVENTS: readonly OutboundEventType[] = [
  'status-update.published',
  'incident.resolved',
];

const routeSchema = z.strictObject({
  events: z
    .array(
      z.enum(OUTBOUND_EVENT_TYPES, { error: `must be one of ${OUTBOUND_EVENT_TYPES.join(', ')}` }),
    )
    .min(1, { error: 'must list at least one event' }),
  targets: z.array(idSchema).min(1, { error: 'must list at least one target' }),
  severities: z
    .array(z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }))
    .min(1)
    .optional(),
  statusPages: z
    .array(z.string().regex(STATUS_PAGE_ID_PATTERN, { error: 'must be a status page id' }))
    .min(1)
    .optional(),
});

const deliverySchema = z.strictObject({
  maxAttempts: z.int().min(1).max(100).default(DEFAULT_DELIVERY_POLICY.maxAttempts),
  initialBackoffMs: z
    .int()
    .min(10)
    .max(3_600_000)
    .default(DEFAULT_DELIVERY_POLICY.initialBackoffMs),
  maxBackoffMs: z.int().min(10).max(86_400_000).default(DEFAULT_DELIVERY_POLICY.maxBackoffMs),
  timeoutMs: z.int().min(100).max(120_000).default(DEFAULT_DELIVERY_POLICY.timeoutMs),
});

const fileSchema = z.strictObject({
  roomUrl: urlSchema
    .refine((url) => url.includes('{room}'), { error: 'must contain {room}' })
    .optional(),
  delivery: deliverySchema.optional(),
  targets: z.array(targetEnvelope).min(1, { error: 'must list at least one target' }),
  // May be left out when every target is a tracker (they take follow-ups, not routed events).
  routes: z.array(routeSchema).default([]),
});

/** Reads and checks the file; throws OutboundFileError naming the line and field. */
export function loadOutboundFile(path: string): OutboundConfig {
  return parseOutboundFile(readConfigFileText(path, 'outbound file', OutboundFileError), path);
}

/** `secrets`: where `{ env: NAME }` and `{ file: PATH }` values are read (the process's own). */
export function parseOutboundFile(
  text: string,
  fileName: string,
  secrets: SecretSources = PROCESS_SECRET_SOURCES,
): OutboundConfig {
  const file = parseYamlConfig(text, `outbound file ${fileName}`, OutboundFileError);
  const parsed = fileSchema.safeParse(file.value);
  const problems: FileProblem[] = parsed.success ? [] : problemsOf(parsed.error, []);
  const targets = new Map<string, OutboundTarget>();
  if (parsed.success) {
    parsed.data.targets.forEach((entry, index) => {
      const target = readTarget(entry, index, secrets, problems);
      if (!target) return;
      if (targets.has(target.id)) {
        problems.push(
          problemAt(['targets', index, 'id'], `"${target.id}" is already the id of another target`),
        );
      } else targets.set(target.id, target);
    });
    parsed.data.routes.forEach((route, index) => {
      if (route.events.includes('follow-up.created')) {
        problems.push(
          problemAt(
            ['routes', index, 'events'],
            'follow-up.created goes to the tracker target named in the room; it is not routed',
          ),
        );
      }
      route.targets.forEach((id, at) => {
        const target = parsed.data.targets.find((entry) => entry.id === id);
        if (!target) {
          problems.push(
            problemAt(['routes', index, 'targets', at], `no target has the id "${id}"`),
          );
        } else if (isTrackerKind(target.kind)) {
          problems.push(
            problemAt(
              ['routes', index, 'targets', at],
              `"${id}" is a ${target.kind} target: it gets the follow-ups people send from the room, not routed events`,
            ),
          );
        } else if (target.kind === 'statuspage') {
          // A hosted status page shows published updates; a role handover is not its business.
          const other = route.events.find((event) => !STATUSPAGE_EVENTS.includes(event));
          if (other) {
            problems.push(
              problemAt(
                ['routes', index, 'targets', at],
                `statuspage target "${id}" takes only ${STATUSPAGE_EVENTS.join(', ')} (not ${other})`,
              ),
            );
          }
        } else if (target.kind === 'email') {
          const missing = uncoveredSeverity(targets.get(id), route.severities);
          if (missing) {
            problems.push(
              problemAt(
                ['routes', index, 'targets', at],
                `email target "${id}" has no recipients for ${missing}: list them in its "to", or limit the route with severities`,
              ),
            );
          }
        }
      });
    });
    const routed = parsed.data.targets.some((target) => !isTrackerKind(target.kind));
    if (routed && parsed.data.routes.length === 0) {
      problems.push(problemAt(['routes'], 'must list at least one route'));
    }
  }
  const delivery = parsed.data?.delivery ?? DEFAULT_DELIVERY_POLICY;
  if (delivery.maxBackoffMs < delivery.initialBackoffMs) {
    problems.push(problemAt(['delivery', 'maxBackoffMs'], 'must be at least initialBackoffMs'));
  }
  throwFirstProblem(file, problems, OutboundFileError);
  const data = parsed.data!; // throwFirstProblem threw when parsing failed
  return {
    targets,
    routes: data.routes.map((route) => ({
      events: new Set(route.events),
      targets: [...new Set(route.targets)],
      severities: route.severities ? new Set(route.severities) : null,
      statusPages: route.statusPages ? new Set(route.statusPages) : null,
    })),
    delivery,
    roomUrl: data.roomUrl ?? null,
  };
}

/** A severity the route can send at for which the email target lists nobody, or null. */
function uncoveredSeverity(
  target: OutboundTarget | undefined,
  severities: readonly Severity[] | undefined,
): Severity | null {
  if (target?.kind !== 'email') return null; // its own fields were refused already
  return (severities ?? SEVERITIES).find((severity) => !target.to[severity]?.length) ?? null;
}

/** One target with its secret references read and its kind's fields checked; null on problems. */
function readTarget(
  entry: z.infer<typeof targetEnvelope>,
  index: number,
  secrets: SecretSources,
  problems: FileProblem[],
): OutboundTarget | null {
  const { id, kind, ...named } = entry;
  // A tracker's credential is named, never written: refused before anything is read.
  if (isTrackerKind(kind) && !checkTokenIsReference(named, index, problems)) return null;
  const unresolved: SecretProblem[] = [];
  const rest = resolveSecretReferences(named, ['targets', index], secrets, unresolved);
  problems.push(...unresolved.map(({ path, message }) => problemAt(path, message)));
  if (unresolved.length > 0) return null;
  if (isTrackerKind(kind)) return readTrackerTarget(id, kind, rest, index, problems);
  const targetKind = kind as OutboundTargetKind; // checked by targetEnvelope
  const fields = KIND_SCHEMAS[targetKind].safeParse(rest);
  if (!fields.success) {
    problems.push(...problemsOf(fields.error, ['targets', index]));
    return null;
  }
  return targetOf(id, targetKind, fields.data);
}

type KindFields = { [K in OutboundTargetKind]: z.output<(typeof KIND_SCHEMAS)[K]> };

/** `fields` were parsed by KIND_SCHEMAS[kind] (the casts say which one; TS cannot link them). */
function targetOf(
  id: string,
  kind: OutboundTargetKind,
  fields: KindFields[OutboundTargetKind],
): OutboundTarget {
  switch (kind) {
    case 'statuspage': {
      const data = fields as KindFields['statuspage'];
      return { id, kind, ...data, apiUrl: data.apiUrl.replace(/\/+$/, '') };
    }
    case 'email': {
      const { smtp, from, to } = fields as KindFields['email'];
      return { id, kind, from, to, smtp: { ...smtp, auth: smtp.auth ?? null } };
    }
    default: {
      const data: { url: string; secret?: string; secrets?: string[] } =
        fields as KindFields['webhook'];
      return { id, kind, url: data.url, secrets: secretsOf(data) };
    }
  }
}
