import { describe, expect, it } from 'vitest';
import { answerRequest, createHostClient, HostRequestError } from './rpc';
import type { HostHandlers } from './host-api';
import type { RequestMessage, ResponseMessage } from './messages';

const profile = { id: 'p1', name: 'Ada', colour: '#112233', usualRole: null };
const unused = () => {
  throw new Error('not called in this test');
};
const handlers: HostHandlers = {
  'host.info': () => ({ version: 'test', defaultRelayUrl: null }),
  'profile.get': () => profile,
  'profile.set': (params) => ({ ...profile, name: params.name }),
  'rooms.list': () => [],
  'rooms.create': unused,
  'rooms.join': () => {
    throw new HostRequestError('invite-invalid', 'The invite has no room id.');
  },
  'rooms.leave': unused,
  'rooms.invite': unused,
  'rooms.publish': unused,
  'team.get': unused,
  'team.set': unused,
  'team.rooms': unused,
  'team.join': unused,
  'room.preview': unused,
  'room.open': unused,
  'room.close': unused,
  'room.presence': unused,
  'room.export': unused,
  'room.statusPages': unused,
};

function wire() {
  const caller = { connectionId: 1 };
  const client = createHostClient((request: RequestMessage) => {
    void answerRequest(handlers, request, caller).then((response: ResponseMessage) =>
      client.receiveResponse(response),
    );
  });
  return client.api;
}

describe('host RPC', () => {
  it('calls a handler with validated params and returns its result', async () => {
    const api = wire();
    await expect(api['profile.set']({ name: '  Grace ' })).resolves.toEqual({
      ...profile,
      name: 'Grace',
    });
  });

  it('refuses invalid params before the handler runs, naming the field', async () => {
    const api = wire();
    await expect(api['profile.set']({ name: '' })).rejects.toMatchObject({
      code: 'invalid-params',
    });
    await expect(api['profile.set']({ name: 'x', colour: 'red' })).rejects.toThrow(/colour/);
  });

  it('passes a handler refusal through with its code', async () => {
    const api = wire();
    await expect(api['rooms.join']({ invite: 'junk' })).rejects.toMatchObject({
      code: 'invite-invalid',
      message: 'The invite has no room id.',
    });
  });

  it('answers an unknown method with a clear error', async () => {
    const response = await answerRequest(
      handlers,
      { kind: 'request', id: 7, method: 'rooms.drop', params: {} },
      { connectionId: 1 },
    );
    expect(response).toEqual({
      kind: 'response',
      id: 7,
      ok: false,
      error: { code: 'unknown-method', message: 'No host method "rooms.drop".' },
    });
  });
});
