import type { AlertSourceKind } from '../alert-source-kind';
import { alertmanagerKind } from './alertmanager';
import { genericKind } from './generic';
import { grafanaKind } from './grafana';
import { pagerdutyKind } from './pagerduty';

/**
 * Every source kind the alert sources file may name, by its `kind`. A new kind is one line here
 * (its verify and parse pair lives in its own file beside this one). The file loader checks each
 * source with its own kind's configSchema before the kind ever sees its config, which is why the
 * entries can be held as `AlertSourceKind<unknown>`.
 */
export const ALERT_SOURCE_KINDS: Readonly<Record<string, AlertSourceKind<unknown>>> = {
  alertmanager: alertmanagerKind,
  grafana: grafanaKind,
  pagerduty: pagerdutyKind,
  generic: genericKind,
};
