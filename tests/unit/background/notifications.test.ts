import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenToNotificationClicks, offerNotificationText } from '../../../entrypoints/background/notifications.ts';
import { openPanel, trackFocusedWindow } from '../../../entrypoints/background/panel.ts';
import type { ConversationDTO, OfferDTO } from '../../../protocol/dto.ts';
import type { CommandResult } from '../../../utils/messaging.ts';
import { conversation } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const accept = vi.fn(async (): Promise<CommandResult<ConversationDTO>> => ({ ok: true, data: conversation({ id: 'conv-7' }) }));
const decline = vi.fn(async (): Promise<CommandResult<null>> => ({ ok: true, data: null }));
const focus = vi.fn(async () => undefined);
let open: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  await resetExtension();
  accept.mockClear();
  decline.mockClear();
  focus.mockClear();
  open = vi.fn(async () => undefined);
  fakeBrowser.sidePanel.open = open as typeof fakeBrowser.sidePanel.open;
  trackFocusedWindow();
  listenToNotificationClicks({ openPanel, focus, accept, decline });
  await fakeBrowser.windows.onFocusChanged.trigger(7);
});

describe('notification clicks', () => {
  it('a click opens the side panel in the last focused window, before anything is awaited', () => {
    void fakeBrowser.notifications.onClicked.trigger('offer:o1');
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
  });

  it('focus leaving the browser does not lose the window to open in', () => {
    void fakeBrowser.windows.onFocusChanged.trigger(-1);
    void fakeBrowser.notifications.onClicked.trigger('offer:o1');
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
  });

  it('button 0 accepts the offer and opens the panel', async () => {
    await fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 0);
    expect(accept).toHaveBeenCalledWith('o1');
    expect(decline).not.toHaveBeenCalled();
    expect(open).toHaveBeenCalledOnce();
  });

  it('button 1 declines the offer without opening the panel', async () => {
    await fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 1);
    expect(decline).toHaveBeenCalledWith('o1');
    expect(accept).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });

  it('Accept opens the panel before anything is awaited, then brings the accepted chat up', async () => {
    void fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 0);
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
    await vi.waitFor(() => expect(focus).toHaveBeenLastCalledWith({ kind: 'conversation', conversationId: 'conv-7' }));
    expect(focus).toHaveBeenCalledWith({ kind: 'offer', offerId: 'o1' });
  });

  it('an Accept that could not reach the server says so in a notification', async () => {
    accept.mockResolvedValueOnce({ ok: false, error: 'offline' });
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 0);
    await vi.waitFor(() =>
      expect(create).toHaveBeenCalledWith('failed:o1', expect.objectContaining({
        title: 'Could not accept the chat request',
        message: 'No connection to the server. Open Switchboard to try again.',
      })),
    );
    expect(focus).not.toHaveBeenCalledWith(expect.objectContaining({ kind: 'conversation' }));
  });

  it('a Decline of a request that already ended raises nothing', async () => {
    decline.mockResolvedValueOnce({ ok: false, error: 'offer_expired' });
    await fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});

describe('a click that starts the worker', () => {
  it('opens the panel in the current window before the last focused one is known', async () => {
    await resetExtension();
    fakeBrowser.sidePanel.open = open as typeof fakeBrowser.sidePanel.open;
    open.mockClear();
    vi.resetModules();
    const fresh = await import('../../../entrypoints/background/notifications.ts');
    const panel = await import('../../../entrypoints/background/panel.ts');
    fresh.listenToNotificationClicks({ openPanel: panel.openPanel, accept, decline });
    void fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 0);
    expect(open).toHaveBeenCalledWith({ windowId: -2 });
  });
});

describe('the offer notification text', () => {
  const request = (extra: Partial<OfferDTO>): OfferDTO => ({
    id: 'o1',
    conversationId: 'c1',
    createdAt: 0,
    expiresAt: 45_000,
    conversation: conversation({ id: 'c1', visitor: { ...conversation().visitor, name: 'Vera' } }),
    ...extra,
  });

  it('names the visitor, quotes the first message (cut to a line or two), and gives the page as the context', () => {
    const text = offerNotificationText(request({ firstMessage: `Is the blue boiler in stock? ${'x'.repeat(200)}`, page: { url: 'https://shop.test/boilers', title: 'Boilers' } }), 'en');
    expect(text.message).toMatch(/^Vera wants to chat\n“Is the blue boiler in stock\? x+…”$/);
    expect(text.message.length).toBeLessThan(160);
    expect(text.contextMessage).toBe('Boilers');
  });

  it('without a first message or page, only says who wants to chat; the page falls back to its address', () => {
    expect(offerNotificationText(request({}), 'en')).toEqual({ message: 'Vera wants to chat' });
    expect(offerNotificationText(request({ page: { url: 'https://shop.test/', title: null } }), 'de').contextMessage).toBe('https://shop.test/');
  });
});

