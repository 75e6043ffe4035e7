import { z } from 'zod';
import { STATUS_PAGE_ID_PATTERN } from '../../../shared/doc/keys';
import { normalizeRelayUrl } from '../../../shared/invite/invite-link';
import {
  RELAY_STATUS_INDEX_PATH,
  type StatusPageSummary,
} from '../../../shared/protocol/relay-http';

const idSchema = z.string().regex(STATUS_PAGE_ID_PATTERN);
const indexSchema = z.object({
  pages: z
    .array(
      z.object({
        id: idSchema,
        title: z.string().max(200),
        url: z.string().max(2_000).nullable(),
        components: z.array(z.object({ id: idSchema, name: z.string().max(100) })).max(500),
      }),
    )
    .max(1_000),
});

/** The status pages could not be had; the message is one sentence for the person. */
export class StatusPagesError extends Error {
  override readonly name = 'StatusPagesError';
}

/**
 * `GET /status.json` of the room's relay: the pages it serves and their components. A relay
 * from before status pages (404) serves none; anything else that fails is one sentence.
 */
export async function fetchStatusPages(
  relayUrl: string,
  timeoutMs = 5_000,
): Promise<StatusPageSummary[]> {
  // Stored relay URLs are already http(s); a ws:// one (an older record) is made so the same way.
  const base = normalizeRelayUrl(relayUrl) ?? relayUrl;
  let response: Response;
  try {
    response = await fetch(`${base}${RELAY_STATUS_INDEX_PATH}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new StatusPagesError(
      `Could not reach the relay at ${base} to list its status pages; try again when it is back.`,
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return [];
  }
  const parsed =
    response.status === 200 ? indexSchema.safeParse(await response.json().catch(() => null)) : null;
  if (!parsed?.success) {
    await response.body?.cancel().catch(() => undefined);
    throw new StatusPagesError(
      `The relay at ${base} could not list its status pages (HTTP ${response.status}).`,
    );
  }
  return parsed.data.pages;
}
