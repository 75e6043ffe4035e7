// Export: the room as a postmortem (Markdown, HTML) and as a JSON archive that imports back.
export { exportPostmortem } from './export-postmortem';
export type { PostmortemExport, ExportPostmortemOptions } from './export-postmortem';
export { buildPostmortemView } from './build-postmortem-view';
export type { BuildPostmortemViewOptions } from './build-postmortem-view';
export { renderPostmortemMarkdown } from './render-postmortem-markdown';
export { renderPostmortemHtml } from './render-postmortem-html';
export { escapeMarkdown } from './markdown-escape';
export {
  exportRoomArchive,
  importRoomArchive,
  serializeRoomArchive,
  ArchiveImportError,
  ARCHIVE_KIND,
  ARCHIVE_VERSION,
  MAX_ARCHIVE_CHARS,
} from './room-archive';
export type { RoomArchive, ImportedRoom } from './room-archive';
