import { z } from 'zod';
import type * as Y from 'yjs';
import { LINK_KEY_PATTERN, LINK_URL_PATTERN } from '../doc/keys';
import { LIMITS } from '../doc/limits';
import type { LinkValue } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { requireDeclared } from './room-guard';
import { actorPerson, parseInput } from './validate';

/** Well-known link keys; any other key of the same form is allowed too. */
export const LINK_KEYS = ['bridge', 'dashboard', 'runbook', 'statusPage', 'ticket'] as const;

const urlSchema = z.string().max(LIMITS.urlChars).regex(LINK_URL_PATTERN, {
  error: 'must be an http(s), zoommtg, msteams or slack URL',
});

const setLinkSchema = z.object({
  key: z.string().regex(LINK_KEY_PATTERN, {
    error: 'must start with a letter; up to 64 letters, digits, _ and -',
  }),
  /** null removes the link. */
  url: urlSchema.nullable(),
});

export type SetLinkInput = z.input<typeof setLinkSchema>;

export function setLink(doc: Y.Doc, ctx: OperationContext, input: SetLinkInput): { key: string } {
  checkContext(ctx);
  const parsed = parseInput(setLinkSchema, input);
  const room = requireDeclared(doc);
  return commit(doc, ctx, () => {
    if (parsed.url === null) {
      room.roots.links.delete(parsed.key);
    } else {
      const link: LinkValue = { url: parsed.url, by: actorPerson(ctx), at: toIso(ctx.now()) };
      room.roots.links.set(parsed.key, link);
    }
    return { key: parsed.key };
  });
}
