/** The link back to a room, from the outbound file's `roomUrl` (`https://…/{room}`), or null. */
export function roomLink(template: string | null, roomId: string): string | null {
  return template === null ? null : template.replaceAll('{room}', encodeURIComponent(roomId));
}
