/** The host has no room with this local id (never created, or left). */
export class RoomNotFoundError extends Error {
  override readonly name = 'RoomNotFoundError';
  constructor(readonly localId: string) {
    super(`There is no room ${localId} on this machine.`);
  }
}

/** A pasted invite could not be read; `message` says why in words a person can act on. */
export class InvalidInviteError extends Error {
  override readonly name = 'InvalidInviteError';
}
