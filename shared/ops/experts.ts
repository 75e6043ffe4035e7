import { z } from 'zod';
import type * as Y from 'yjs';
import { LIMITS } from '../doc/limits';
import type { RoomRoots } from '../doc/roots';
import { asExpert } from '../doc/shapes';
import type { ExpertEvent, ExpertValue, Person } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared, type DeclaredRoom } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import { actorPerson, idSchema, parseInput, personSchema, requiredText } from './validate';

const areaSchema = requiredText(LIMITS.expertAreaChars).transform((area) => area.trim());

const addExpertSchema = z.object({ person: personSchema, area: areaSchema });
const changeExpertAreaSchema = z.object({ id: idSchema, area: areaSchema });
const standDownExpertSchema = z.object({ id: idSchema });

export type AddExpertInput = z.input<typeof addExpertSchema>;
export type ChangeExpertAreaInput = z.input<typeof changeExpertAreaSchema>;
export type StandDownExpertInput = z.input<typeof standDownExpertSchema>;

/**
 * Calls a subject-matter expert into the room for an area ("database"). Like roles, anyone in
 * the room may do it, and the timeline records it. One person is one SME entry: refused if they
 * already are one (change their area instead).
 */
export function addExpert(
  doc: Y.Doc,
  ctx: OperationContext,
  input: AddExpertInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(addExpertSchema, input);
  const room = requireDeclared(doc);
  const person: Person = { id: parsed.person.id, name: parsed.person.name.trim() };
  const existing = asExpert(room.roots.experts.get(person.id));
  if (existing) {
    throw new OperationError(
      'invalid-transition',
      `${existing.name} is already an SME (${existing.area}); change their area instead.`,
    );
  }
  const expert: ExpertValue = {
    ...person,
    area: parsed.area,
    addedAt: toIso(ctx.now()),
    addedBy: actorPerson(ctx),
  };
  return commit(doc, ctx, () => {
    room.roots.experts.set(person.id, expert);
    return {
      entryId: logExpert(room, ctx, expert, 'joined', `SME joined: ${expertLabel(expert)}`),
    };
  });
}

/** Moves an SME to another area; who added them and when stays as it was. */
export function changeExpertArea(
  doc: Y.Doc,
  ctx: OperationContext,
  input: ChangeExpertAreaInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(changeExpertAreaSchema, input);
  const room = requireDeclared(doc);
  const current = requireExpert(room.roots, parsed.id);
  if (current.area === parsed.area) {
    throw new OperationError(
      'invalid-transition',
      `${current.name} is already the SME for ${current.area}.`,
    );
  }
  const expert: ExpertValue = { ...current, area: parsed.area };
  return commit(doc, ctx, () => {
    room.roots.experts.set(expert.id, expert);
    const text = `SME ${expert.name}: ${current.area} → ${expert.area}`;
    return { entryId: logExpert(room, ctx, expert, 'area', text) };
  });
}

/** Stands an SME down: they leave the SME list; the timeline keeps that they were here. */
export function standDownExpert(
  doc: Y.Doc,
  ctx: OperationContext,
  input: StandDownExpertInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(standDownExpertSchema, input);
  const room = requireDeclared(doc);
  const expert = requireExpert(room.roots, parsed.id);
  return commit(doc, ctx, () => {
    room.roots.experts.delete(expert.id);
    const text = `SME stood down: ${expertLabel(expert)}`;
    return { entryId: logExpert(room, ctx, expert, 'left', text) };
  });
}

function requireExpert(roots: RoomRoots, id: string): ExpertValue {
  const expert = asExpert(roots.experts.get(id));
  if (!expert) throw new OperationError('not-found', 'That person is not an SME in this room.');
  return expert;
}

function expertLabel(expert: ExpertValue): string {
  return `${expert.name} (${expert.area})`;
}

function logExpert(
  room: DeclaredRoom,
  ctx: OperationContext,
  expert: ExpertValue,
  event: ExpertEvent,
  text: string,
): string {
  return appendTimelineEntry(room.roots, ctx, {
    kind: 'role',
    at: toIso(ctx.now()),
    text,
    ref: {
      type: 'expert',
      person: { id: expert.id, name: expert.name },
      area: expert.area,
      event,
    },
  });
}
