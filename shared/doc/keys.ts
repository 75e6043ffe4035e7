/**
 * Shapes of the map keys people choose (link names, checklist item ids). Besides keeping keys
 * readable, they exclude `__proto__` and friends: readers copy these keys into plain objects.
 */
export const LINK_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Checklist item ids come from templates, e.g. "page-comms-lead" or "db:check-locks". */
export const CHECKLIST_ITEM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Only web and conferencing links: a `javascript:` or `file:` URL in a room would be a trap for
 * everyone who clicks it. Readers apply it too, since a peer can write the map directly.
 */
export const LINK_URL_PATTERN = /^(https?|zoommtg|msteams|slack):\/\/[^\s]+$/i;

/**
 * Status page and component ids: they appear in the relay's URLs (`/status/<page>`) and in the
 * page file, so lower-case letters, digits and dashes only.
 */
export const STATUS_PAGE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** How many components one room may be listed under on its page. */
export const MAX_STATUS_PAGE_COMPONENTS = 50;
