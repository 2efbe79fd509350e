import { describe, expect, it, vi } from 'vitest';
import { createController } from '../../../server/widget/src/controller.ts';
import { siteKeyOf } from '../../../server/widget/src/config.ts';
import { createTranslator } from '../../../server/widget/src/i18n.ts';
import { memoryStore } from '../../../server/widget/src/storage.ts';
import { statusText } from '../../../server/widget/src/view.ts';
import { conversation, fakeConnection, fakeSessionFetch, translatorFor } from './helpers.ts';

async function waitingChat() {
  const link = fakeConnection();
  let n = 0;
  const controller = createController({
    server: 'https://chat.test',
    kv: memoryStore(),
    fetch: fakeSessionFetch({ token: 'tok', conversationId: null }).fetch,
    connect: () => link.conn,
    newId: () => `id-${++n}`,
    now: () => ++n,
    pageUrl: () => 'https://acme.test/',
    locale: 'en',
    t: createTranslator(),
    warn: () => undefined,
    onChange: () => undefined,
  });
  link.respond((event) => (event === 'chat:start' ? { ok: true, data: { conversation: conversation(), messages: [] } } : { ok: false, error: 'internal' }));
  await controller.begin();
  controller.handlers.start({ name: 'Vera', email: 'vera@example.com' });
  await vi.waitFor(() => expect(controller.state().phase).toBe('chat'));
  return { link, state: () => controller.state() };
}

describe('widget: the queue', () => {
  it('shows the place in the queue while the chat waits, and drops it once an agent is being asked', async () => {
    const { link, state } = await waitingChat();
    expect(state().queuePosition).toBeNull();
    link.push('queue:updated', { conversationId: 'c1', position: 3 });
    expect(state().queuePosition).toBe(3);
    link.push('queue:updated', { conversationId: 'other', position: 1 });
    expect(state().queuePosition).toBe(3);
    link.push('queue:updated', { conversationId: 'c1', position: 0 });
    expect(state().queuePosition).toBeNull();
  });

  it('forgets the place once the chat is no longer waiting', async () => {
    const { link, state } = await waitingChat();
    link.push('queue:updated', { conversationId: 'c1', position: 2 });
    link.push('conversation:updated', conversation({ status: 'missed' }));
    expect(state().queuePosition).toBeNull();
  });

  it('says the position in the status line', () => {
    const t = createTranslator();
    expect(statusText('waiting', null, t, 2)).toBe('All agents are busy. You are number 2 in the queue.');
    expect(statusText('waiting', null, t, null)).toBe('Connecting you to an agent…');
    expect(statusText('waiting', null, translatorFor('de'), 4)).toBe('Alle Mitarbeiter sind beschäftigt. Sie sind Nummer 4 in der Warteschlange.');
  });
});

describe('widget: the site key', () => {
  it('reads data-site from the tag and ignores anything the server would refuse', () => {
    expect(siteKeyOf({ dataset: { site: 'shop-eu' } })).toBe('shop-eu');
    expect(siteKeyOf({ dataset: { site: 'no spaces' } })).toBeUndefined();
    expect(siteKeyOf({ dataset: {} })).toBeUndefined();
    expect(siteKeyOf(null)).toBeUndefined();
  });
});
