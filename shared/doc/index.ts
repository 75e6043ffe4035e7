export { FORMAT_VERSION, ROOT, POSTMORTEM_ROOT_PREFIX } from './format';
export * from './enums';
export { LIMITS } from './limits';
export { CHECKLIST_ITEM_ID_PATTERN, LINK_KEY_PATTERN, LINK_URL_PATTERN } from './keys';
export type * from './types';
export { roomRoots, postmortemRootName, postmortemText, findEntityMap } from './roots';
export type { RoomRoots } from './roots';
