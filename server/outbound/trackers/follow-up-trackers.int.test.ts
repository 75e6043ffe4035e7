import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { findEntityMap, roomRoots } from '../../../shared/doc/roots';
import { addActionItem } from '../../../shared/ops';
import {
  readFollowUps,
  readFollowUpTargetsRoot,
  requestAllFollowUps,
  requestFollowUpIssue,
  type FollowUpIssue,
} from '../../../shared/ops/follow-up-issues';
import { RELAY_DATABASE_FILE } from '../../storage/relay-store';
import { waitFor } from '../../testing/relay-clients';
import { fetchMetric } from '../../testing/relay-http';
import { spawnRelay } from '../../testing/spawn-relay';
import type { OutboundReceiver } from '../testing/outbound-receiver';
import {
  FAST,
  ic,
  outboundFile,
  useOutboundTestParts,
  webhookTarget,
} from '../testing/outbound-fixtures';
import { fakeGitHub, fakeJira } from './testing/fake-trackers';

const GH_TOKEN = 'ghp_TESTtoken0123456789abcdefABCDEF0123';
const JIRA_TOKEN = 'ATATT3xTESTjiraApiToken0123456789';
const JIRA_EMAIL = 'bot@example.com';
const JIRA_ACCOUNT = '5b10ac8d82e05b22cc7d4ef5';

function secretFile(value: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tracker-token-')), 'token');
  writeFileSync(path, `${value}\n`);
  return path;
}

/** An outbound file with a GitHub and a Jira target (and the webhook every file routes to). */
function trackerFile(hook: OutboundReceiver, github: OutboundReceiver, jira: OutboundReceiver) {
  return outboundFile([
    'roomUrl: https://incidents.example.com/rooms/{room}',
    FAST,
    'targets:',
    webhookTarget(hook.url()),
    '  - id: gh',
    '    kind: github',
    '    repo: acme/payments',
    `    apiUrl: "${github.url('')}"`,
    `    token: { file: ${secretFile(GH_TOKEN)} }`,
    '    labels: [incident-follow-up]',
    '    assignees: { Iris: iris-gh }',
    '  - id: jira-ops',
    '    kind: jira',
    `    url: "${jira.url('')}"`,
    `    email: ${JIRA_EMAIL}`,
    `    token: { file: ${secretFile(JIRA_TOKEN)} }`,
    '    project: OPS',
    '    labels: [postmortem]',
    `    assignees: { Cory: "${JIRA_ACCOUNT}" }`,
    'routes:',
    '  - { events: [incident.resolved], targets: [ops-hook] }',
  ]);
}

function issueOf(doc: Y.Doc, itemId: string, targetId: string): FollowUpIssue | undefined {
  const item = findEntityMap(roomRoots(doc).actionItems, itemId);
  return item ? readFollowUps(item).issues[targetId] : undefined;
}

describe('follow-ups to GitHub and Jira from a real relay', () => {
  const parts = useOutboundTestParts();

  it('makes one issue per item and target, and writes its link into the action item', async () => {
    const [hook, gh, jira] = await Promise.all([1, 2, 3].map(() => parts.receivers.start()));
    const github = fakeGitHub(gh!, 'acme/payments', GH_TOKEN);
    const jiraCloud = fakeJira(jira!, 'OPS', JIRA_EMAIL, JIRA_TOKEN);
    const room = await parts.openRoom([
      '--outbound',
      trackerFile(hook!, gh!, jira!),
      '--log-level',
      'info',
    ]);
    const { doc } = room.ic;
    const canary = addActionItem(doc, ic, { title: 'Add a canary stage', owner: 'Iris' }).id;
    const alerts = addActionItem(doc, ic, { title: 'Alert on card errors', owner: 'Cory' }).id;
    requestFollowUpIssue(doc, ic, { itemId: canary, targetId: 'gh' });
    requestFollowUpIssue(doc, ic, { itemId: alerts, targetId: 'jira-ops' });

    await waitFor(
      () =>
        issueOf(room.watcher.doc, canary, 'gh') !== undefined &&
        issueOf(room.watcher.doc, alerts, 'jira-ops') !== undefined,
      'both issue links in the room',
    );
    expect(readFollowUpTargetsRoot(roomRoots(room.watcher.doc).followUpTargets)).toEqual([
      { id: 'gh', kind: 'github' },
      { id: 'jira-ops', kind: 'jira' },
    ]);
    expect(github.refusals).toEqual([]);
    expect(jiraCloud.refusals).toEqual([]);
    expect(issueOf(room.watcher.doc, canary, 'gh')).toMatchObject({
      state: 'created',
      url: 'https://github.com/acme/payments/issues/1',
      ref: '#1',
    });
    expect(issueOf(room.watcher.doc, alerts, 'jira-ops')).toMatchObject({
      state: 'created',
      url: `${jira!.url('')}/browse/OPS-1`,
      ref: 'OPS-1',
    });
    const link = `https://incidents.example.com/rooms/${room.room.id}`;
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.fields).toMatchObject({
      title: 'Add a canary stage',
      labels: ['incident-follow-up'],
      assignees: ['iris-gh'],
    });
    expect(github.issues[0]!.fields.body).toContain(link);
    expect(jiraCloud.issues).toHaveLength(1);
    expect(jiraCloud.issues[0]!.fields).toMatchObject({
      project: { key: 'OPS' },
      summary: 'Alert on card errors',
      issuetype: { name: 'Task' },
      labels: ['postmortem'],
      assignee: { id: JIRA_ACCOUNT },
    });
    expect(JSON.stringify(jiraCloud.issues[0]!.fields.description)).toContain(link);
    const output = room.relay.output();
    expect(output).toContain('outbound event delivered');
    for (const secret of [
      GH_TOKEN,
      JIRA_TOKEN,
      Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString('base64'),
    ]) {
      expect(output).not.toContain(secret);
    }
  });

  it('asked twice, and resent after kill -9 once the tracker answered: still one issue', async () => {
    const [hook, gh, jira] = await Promise.all([1, 2, 3].map(() => parts.receivers.start()));
    const github = fakeGitHub(gh!, 'acme/payments', GH_TOKEN);
    const room = await parts.openRoom(['--outbound', trackerFile(hook!, gh!, jira!)]);
    const { doc } = room.ic;
    const itemId = addActionItem(doc, ic, { title: 'Add a canary stage' }).id;
    requestFollowUpIssue(doc, ic, { itemId, targetId: 'gh' });
    await sleep(5); // a second request, at another time: a second event
    requestFollowUpIssue(doc, ic, { itemId, targetId: 'gh' });
    await waitFor(
      () => issueOf(room.watcher.doc, itemId, 'gh') !== undefined,
      'the issue link in the room',
    );
    await waitFor(
      async () => (await fetchMetric(room.relay.url, 'relay_outbound_pending')) === 0,
      'both requests handled',
    );
    expect(github.issues).toHaveLength(1);
    expect(() => requestFollowUpIssue(doc, ic, { itemId, targetId: 'gh' })).toThrow(
      /already has an issue/,
    );

    // The disk as a kill -9 leaves it after the tracker answered and the issue was kept, but
    // before the receipt and the write-back: the follow-up's delivery still pending.
    await room.relay.kill();
    const db = new Database(join(room.relay.dataDir, RELAY_DATABASE_FILE));
    const reopened = db
      .prepare(
        "UPDATE outbound_deliveries SET state = 'pending', attempts = 0, next_attempt_at = 0 WHERE event_type = 'follow-up.created'",
      )
      .run().changes;
    db.close();
    expect(reopened).toBeGreaterThanOrEqual(1);
    const restarted = await room.relay.restart();
    try {
      await waitFor(
        async () => (await fetchMetric(restarted.url, 'relay_outbound_pending')) === 0,
        'the resent follow-ups handled',
      );
      expect(github.issues).toHaveLength(1);
      expect(gh!.requests).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });

  it('kill -9 after the tracker made the issue, before its answer arrived: found by its marker', async () => {
    const [hook, gh, jira] = await Promise.all([1, 2, 3].map(() => parts.receivers.start()));
    const github = fakeGitHub(gh!, 'acme/payments', GH_TOKEN);
    const jiraCloud = fakeJira(jira!, 'OPS', JIRA_EMAIL, JIRA_TOKEN);
    github.hangAfterCreate = true;
    jiraCloud.hangAfterCreate = true;
    const room = await parts.openRoom(['--outbound', trackerFile(hook!, gh!, jira!)]);
    const { doc } = room.ic;
    const canary = addActionItem(doc, ic, { title: 'Add a canary stage' }).id;
    const alerts = addActionItem(doc, ic, { title: 'Alert on card errors' }).id;
    requestFollowUpIssue(doc, ic, { itemId: canary, targetId: 'gh' });
    requestFollowUpIssue(doc, ic, { itemId: alerts, targetId: 'jira-ops' });
    await waitFor(
      () => github.issues.length === 1 && jiraCloud.issues.length === 1,
      'both trackers to have made the issue (and not answered)',
    );
    github.hangAfterCreate = false;
    jiraCloud.hangAfterCreate = false;
    const restarted = await room.relay.restart({ signal: 'SIGKILL' });
    try {
      await waitFor(
        () =>
          issueOf(room.watcher.doc, canary, 'gh') !== undefined &&
          issueOf(room.watcher.doc, alerts, 'jira-ops') !== undefined,
        'both links in the room after the restart',
      );
      expect(issueOf(room.watcher.doc, canary, 'gh')?.url).toBe(github.issues[0]!.url);
      expect(issueOf(room.watcher.doc, alerts, 'jira-ops')?.url).toBe(jiraCloud.issues[0]!.url);
      expect(github.issues).toHaveLength(1);
      expect(jiraCloud.issues).toHaveLength(1);
      expect(gh!.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
      expect(jira!.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
      expect(github.refusals).toEqual([]);
      expect(jiraCloud.refusals).toEqual([]);
      expect(github.issues[0]!.fields.body).toMatch(
        /Reference: incident-room-follow-up-[0-9a-f]{24}/,
      );
    } finally {
      await restarted.stop();
    }
  });

  it('a tracker that is down gets the issue when it is back; a 401 is shown and not retried', async () => {
    const [hook, gh, jira] = await Promise.all([1, 2, 3].map(() => parts.receivers.start()));
    const github = fakeGitHub(gh!, 'acme/payments', GH_TOKEN);
    const jiraCloud = fakeJira(jira!, 'OPS', JIRA_EMAIL, 'another-token');
    const room = await parts.openRoom(['--outbound', trackerFile(hook!, gh!, jira!)]);
    const { doc } = room.ic;
    await gh!.stop();
    addActionItem(doc, ic, { title: 'Add a canary stage' });
    addActionItem(doc, ic, { title: 'Alert on card errors', status: 'in-progress' });
    addActionItem(doc, ic, { title: 'Already fixed', status: 'done' });
    expect(requestAllFollowUps(doc, ic, { targetId: 'gh' })).toEqual({ requested: 2 });
    const itemId = addActionItem(doc, ic, { title: 'Rotate keys' }).id;
    requestFollowUpIssue(doc, ic, { itemId, targetId: 'jira-ops' });

    await waitFor(
      () => issueOf(room.watcher.doc, itemId, 'jira-ops') !== undefined,
      'the refusal in the room',
    );
    expect(issueOf(room.watcher.doc, itemId, 'jira-ops')).toMatchObject({
      state: 'failed',
      url: null,
      error: expect.stringMatching(/^HTTP 401: .*must be authenticated/) as unknown,
    });
    await waitFor(
      async () =>
        (await fetchMetric(room.relay.url, 'relay_outbound_retries_total{kind="github"}')) >= 2,
      'GitHub tried while down',
    );
    await gh!.listen();
    await waitFor(() => github.issues.length === 2, 'both open items sent once GitHub is back');
    await waitFor(
      async () => (await fetchMetric(room.relay.url, 'relay_outbound_pending')) === 0,
      'nothing left to send',
    );
    expect(github.issues.map((issue) => issue.fields.title).sort()).toEqual([
      'Add a canary stage',
      'Alert on card errors',
    ]);
    expect(jiraCloud.issues).toHaveLength(0);
    expect(jira!.requests).toHaveLength(1);
  });

  it('refuses to start on a bad tracker target, naming the line and the field', async () => {
    const written = outboundFile([
      'targets:',
      '  - { id: hook, kind: webhook, url: "https://hooks.example.com/x", secret: 0123456789abcdef01 }',
      '  - id: gh',
      '    kind: github',
      '    repo: acme/payments',
      `    token: ${GH_TOKEN}`,
      'routes:',
      '  - { events: [incident.resolved], targets: [hook] }',
    ]);
    const failed = spawnRelay({ args: ['--outbound', written] });
    await expect(failed).rejects.toThrow(
      /relay exited with code 2[^]*line 6: targets\[1\]\.token: must be \{ env: NAME \} or \{ file: PATH \}/,
    );
    await failed.catch((error: Error) => expect(error.message).not.toContain(GH_TOKEN));
    const routed = outboundFile([
      'targets:',
      `  - { id: gh, kind: github, repo: acme/payments, token: { file: ${secretFile(GH_TOKEN)} } }`,
      'routes:',
      '  - { events: [incident.resolved], targets: [gh] }',
    ]);
    await expect(spawnRelay({ args: ['--outbound', routed] })).rejects.toThrow(
      /line 4: routes\[0\]\.targets\[0\]: "gh" is a github target/,
    );
  });
});
