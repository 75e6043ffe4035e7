import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type * as Y from 'yjs';
import type { Profile, RoomAccess } from '../../../shared/channel/host-api';
import type { Person } from '../../../shared/doc/types';
import { declareIncident, type DeclareIncidentInput } from '../../../shared/ops';
import type { OperationContext } from '../../../shared/ops/context';
import { AppStoreContext, createAppStore, type AppStore } from '../store/app-store';
import { FakeHost } from './fake-host';

/** The people component tests use; `me` is the FakeHost's profile unless a test says otherwise. */
export const TEST_PEOPLE = {
  me: { id: 'user-ic', name: 'Dana (IC)' },
  iris: { id: 'u-iris', name: 'Iris' },
  cam: { id: 'u-cam', name: 'Cam' },
  omar: { id: 'u-omar', name: 'Omar' },
} as const satisfies Record<string, Person>;

export interface TestRoom {
  readonly host: FakeHost;
  readonly store: AppStore;
  readonly roomId: string;
  /** The host's copy of the room: what the other people in the room write to. */
  readonly hostDoc: Y.Doc;
  /** An operation context for someone else in the room, on the wall clock like the store's. */
  as(person: Person): OperationContext;
  /** Renders part of the room screen with this store, the way the app provides it. */
  render(ui: ReactNode): RenderResult;
}

/**
 * A room opened through the real store on a FakeHost: the replica is a real Y.Doc kept in step
 * with the host's, and changes go through shared/ops. Declared by `declaredBy` (default: me, who
 * is then the IC) unless `declare` is false.
 */
export async function openTestRoom(
  options: {
    /** Who I am; a usual role too, if the test needs one (none by default). */
    me?: Person & Partial<Pick<Profile, 'usualRole'>>;
    access?: RoomAccess;
    declare?: Partial<DeclareIncidentInput> | false;
    declaredBy?: Person;
  } = {},
): Promise<TestRoom> {
  const host = new FakeHost();
  if (options.me) host.profile = { ...host.profile, ...options.me };
  const summary = host.addRoom(
    { title: 'payments-api errors', severity: 'SEV2' },
    options.access ?? 'write',
  );
  const hostDoc = host.docs.get(summary.id);
  if (!hostDoc) throw new Error('FakeHost did not keep the room it created');
  const as = (person: Person): OperationContext => ({ actor: person, now: () => Date.now() });
  if (options.declare !== false) {
    declareIncident(hostDoc, as(options.declaredBy ?? host.profile), {
      title: 'payments-api errors',
      severity: 'SEV2',
      service: 'payments-api',
      ...options.declare,
    });
  }
  const store = createAppStore();
  store.getState().attachHost(host);
  await vi.waitFor(() => {
    const state = store.getState();
    if (!state.profile || !state.rooms) throw new Error('the store has not heard from the host');
  });
  await store.getState().enterRoom(summary.id);
  return {
    host,
    store,
    roomId: summary.id,
    hostDoc,
    as,
    render: (ui) => render(<AppStoreContext.Provider value={store}>{ui}</AppStoreContext.Provider>),
  };
}
