import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { upsertConversations } from '../../../entrypoints/background/cache.ts';
import type { Connection } from '../../../entrypoints/background/connection.ts';
import { bindMeetingEvents, listenToMeetingNotificationClicks } from '../../../entrypoints/background/meeting-events.ts';
import { createMeetingActions, registerMeetingCommands } from '../../../entrypoints/background/meetings.ts';
import { createSerialQueue, type SerialQueue } from '../../../entrypoints/background/queue.ts';
import type { MeetingDTO } from '../../../protocol/meetings.ts';
import { db } from '../../../utils/db.ts';
import { sendCommand } from '../../../utils/messaging.ts';
import { sendCommand as sendFromPanel } from '../../../utils/commands.ts';
import { meetingsChangedItem } from '../../../utils/storage.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { conversation, message, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let socket: FakeSocket;
let queue: SerialQueue;

const meeting = (overrides: Partial<MeetingDTO> = {}): MeetingDTO => ({
  id: 'mt1',
  agentId: 'agent-1',
  agentName: 'Ada Agent',
  start: Date.parse('2026-11-24T09:00:00Z'),
  end: Date.parse('2026-11-24T09:30:00Z'),
  status: 'booked',
  conversationId: 'conv-1',
  visitorName: 'Vera',
  visitorEmail: 'vera@example.com',
  ...overrides,
});

beforeEach(async () => {
  await resetExtension();
  socket = new FakeSocket('http://server/agent', {});
  socket.connected = true;
  queue = createSerialQueue();
  bindMeetingEvents(socket.asSocket(), { queue });
});

describe('meeting facts in the background', () => {
  it('meeting:booked notifies the agent whose calendar it is and tells an open meetings list to reload', async () => {
    socket.push('meeting:booked', meeting());
    await queue.idle();
    const shown = fakeBrowser.notifications.getAllCreateOptions();
    expect(Object.keys(shown)).toEqual(['meeting:mt1']);
    expect(shown['meeting:mt1']).toMatchObject({ type: 'basic', title: 'Meeting booked' });
    expect(String(shown['meeting:mt1']?.message)).toMatch(/^Vera booked a meeting with you: /);
    expect(await meetingsChangedItem.getValue()).toBeGreaterThan(0);
  });

  it('meeting:cancelled takes the booking notification away', async () => {
    socket.push('meeting:booked', meeting());
    socket.push('meeting:cancelled', meeting({ status: 'cancelled' }));
    await queue.idle();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('a click on the booking notification opens the side panel and clears the notification', async () => {
    const openPanel = vi.fn();
    listenToMeetingNotificationClicks(openPanel);
    socket.push('meeting:booked', meeting());
    await queue.idle();
    await fakeBrowser.notifications.onClicked.trigger('meeting:mt1');
    expect(openPanel).toHaveBeenCalledTimes(1);
    await vi.waitFor(async () => expect(await fakeBrowser.notifications.getAll()).toEqual({}));
  });

  it('visitor:updated puts the visitor’s new attributes into the cached conversation', async () => {
    await upsertConversations([conversation()]);
    socket.push('visitor:updated', conversation({ visitor: visitor({ company: 'Acme', verified: true }) }));
    await queue.idle();
    expect((await db.conversations.get('conv-1'))?.visitor).toMatchObject({ company: 'Acme', verified: true });
  });
});

describe('meeting commands in the background', () => {
  const connection = () => ({ socket: () => socket.asSocket(), ready: async () => socket.asSocket() }) as unknown as Connection;

  it('shares a calendar with one client id and stores the card the server answers with', async () => {
    const card = message({ author: 'agent', card: { type: 'calendar', agentId: 'agent-2', agentName: 'Bo' } });
    socket.reply('meetings:share', () => ({ ok: true, data: card }));
    const deliver = vi.fn(async () => undefined);
    const actions = createMeetingActions({ connection: connection(), deliver, newId: () => 'card-1' });
    expect(await actions.share({ conversationId: 'conv-1', agentId: 'agent-2' })).toEqual({ ok: true, data: null });
    expect(socket.emittedOf('meetings:share')).toEqual([{ clientId: 'card-1', conversationId: 'conv-1', agentId: 'agent-2' }]);
    expect(deliver).toHaveBeenCalledWith(card);
  });

  it('a malformed meeting command is refused in the panel, never reaching the server', async () => {
    registerMeetingCommands(createMeetingActions({ connection: connection(), deliver: async () => undefined }));
    const result = await sendFromPanel('setMeetingSettings', { timeZone: 'UTC', weekly: [], lengthMinutes: 1, bufferMinutes: 0, takesMeetings: true });
    expect(result).toEqual({ ok: false, error: 'invalid_payload' });
    expect(socket.emitted).toEqual([]);
  });

  it('answers offline while there is no connection', async () => {
    socket.connected = false;
    const actions = createMeetingActions({ connection: connection(), deliver: async () => undefined });
    expect(await actions.list()).toEqual({ ok: false, error: 'offline' });
  });
});
