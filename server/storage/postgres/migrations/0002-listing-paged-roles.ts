/**
 * The team room list's paged roles (the SQLite relay's migration 5): roles an alert rule paged
 * into the room that no person holds yet, space-separated in role order, '' for none.
 */
export const listingPagedRolesMigration = {
  version: 2,
  name: 'listing-paged-roles',
  sql: `ALTER TABLE room_listing ADD COLUMN paged_roles text NOT NULL DEFAULT '';`,
};
