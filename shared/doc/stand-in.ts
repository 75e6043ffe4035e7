import type { Person } from './types';

/**
 * Person ids of the relay's own writers. A room an alert opens needs a commander from its first
 * moment (the incident always has one), so its alert source holds the IC role as a stand-in
 * until a person takes it over: views and pages treat a role a stand-in holds as vacant.
 */
export const ALERT_SOURCE_ID_PREFIX = 'alert-source:';

/** The acting identity of alert source `sourceId` in the rooms it writes. */
export function alertSourcePersonId(sourceId: string): string {
  return `${ALERT_SOURCE_ID_PREFIX}${sourceId}`;
}

/** Whether `person` holds roles only until a person takes them (an alert source). */
export function isStandIn(person: Pick<Person, 'id'> | null | undefined): boolean {
  return person?.id.startsWith(ALERT_SOURCE_ID_PREFIX) ?? false;
}
