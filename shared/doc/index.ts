export { FORMAT_VERSION, ROOT, POSTMORTEM_ROOT_PREFIX } from './format';
export * from './enums';
export { LIMITS } from './limits';
export type * from './types';
export { roomRoots, postmortemRootName, postmortemText, findEntityMap } from './roots';
export type { RoomRoots } from './roots';
