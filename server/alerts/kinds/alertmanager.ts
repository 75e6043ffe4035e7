import { z } from 'zod';
import type { AlertSourceKind } from '../alert-source-kind';
import { alertGroupSchema, normalizeGroupAlert, shapeRefusal } from './alertmanager-payload';
import {
  authorizationSchema,
  basicAuthSchema,
  checkAuthorizationHeader,
  checkBasicAuth,
} from './webhook-auth';

/**
 * Prometheus Alertmanager's webhook receiver. Its `http_config` sends either an `Authorization`
 * header (`authorization: {type, credentials}`) or basic auth (`basic_auth: {username,
 * password}`); the source names the same one, with the same field names.
 */
const alertmanagerConfigSchema = z
  .object({
    authorization: authorizationSchema.optional(),
    basic_auth: basicAuthSchema.optional(),
  })
  .strict()
  .refine((config) => (config.authorization === undefined) !== (config.basic_auth === undefined), {
    error: 'give exactly one of authorization or basic_auth, as in the receiver http_config',
  });

export type AlertmanagerConfig = z.output<typeof alertmanagerConfigSchema>;

const alertmanagerPayloadSchema = alertGroupSchema.extend({
  version: z.literal('4', { error: 'must be "4" (the Alertmanager webhook version)' }),
});

export const alertmanagerKind: AlertSourceKind<AlertmanagerConfig> = {
  kind: 'alertmanager',
  configSchema: alertmanagerConfigSchema,
  verify(request, config) {
    if (config.authorization)
      return checkAuthorizationHeader(request.headers, config.authorization);
    if (config.basic_auth) return checkBasicAuth(request.headers, config.basic_auth);
    // The schema demands one of the two; a source without either accepts nobody.
    return { ok: false, status: 401, reason: 'this source has no credentials configured' };
  },
  parse(body) {
    const parsed = alertmanagerPayloadSchema.safeParse(body);
    if (!parsed.success) return shapeRefusal('an Alertmanager webhook payload', parsed.error);
    const group = parsed.data;
    return { ok: true, alerts: group.alerts.map((alert) => normalizeGroupAlert(group, alert)) };
  },
};
