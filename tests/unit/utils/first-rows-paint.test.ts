import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import InboxConversationList from '../../../components/inbox/InboxConversationList.vue';
import type { ConversationSummary } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { keepFirstRowsPlace, readFirstRowsPlace, readFirstRowsSnapshot, writeFirstRows, type FirstRowsSnapshot } from '../../../utils/first-rows.ts';
import { FIRST_ROWS_ATTRIBUTE, paintFirstRows } from '../../../utils/first-rows-paint.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, message, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';

const rows = (): ConversationSummary[] => [
  {
    conversation: {
      ...conversation({ id: 'a', lastSeq: 4, visitor: visitor({ name: HOSTILE }), tags: [{ id: 't1', name: 'billing' }], rating: { score: 4, comment: null, createdAt: 1 } }),
      updatedAt: Date.UTC(2026, 0, 5, 9, 30),
      readSeq: 1,
    },
    lastMessage: message({ conversationId: 'a', seq: 4, body: `<b>${HOSTILE}</b>` }),
  },
  {
    conversation: { ...conversation({ id: 'b', lastSeq: 2 }), updatedAt: Date.UTC(2026, 0, 5, 9, 0), readSeq: 2 },
    lastMessage: null,
  },
];

const snapshot = (agentId = agent().id, kept: unknown[] = rows()): FirstRowsSnapshot<unknown> => ({ version: 1, agentId, rows: kept });

let app: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = '<div id="app"></div>';
  app = document.getElementById('app')!;
});

/** The elements' shape as a person sees it: tags, classes, test ids and text, nothing Vue adds for itself. */
function shape(root: Element): unknown {
  return {
    tag: root.tagName.toLowerCase(),
    class: root.getAttribute('class') ?? '',
    testid: root.getAttribute('data-testid'),
    conversation: root.getAttribute('data-conversation-id'),
    text: root.children.length ? undefined : root.textContent,
    children: [...root.children].map(shape),
  };
}

/** A fresh extension and panel storage, with the fixture agent signed in, for mounting the app's list. */
async function signInFresh(): Promise<void> {
    await resetExtension();
    localStorage.clear();
    setActivePinia(createPinia());
    await agentItem.setValue(agent());
    await useSessionStore().load();
}

describe('the first rows painted before the app loads', () => {
  it("paints the snapshot's rows for the agent signed in, in order, with name, preview, tags, rating and unread count", () => {
    expect(paintFirstRows(app, snapshot(), agent().id)).toBe(true);

    const items = app.querySelectorAll('[data-testid="conversation-item"]');
    expect([...items].map((item) => item.getAttribute('data-conversation-id'))).toEqual(['a', 'b']);
    expect(items[0]!.querySelector('.preview')!.textContent).toBe(`<b>${HOSTILE}</b>`);
    expect([...items[0]!.querySelectorAll('[data-testid="row-tag"]')].map((tag) => tag.textContent)).toEqual(['billing']);
    expect(items[0]!.querySelector('.stars')!.textContent).toBe('★4');
    expect(items[0]!.querySelector('[data-testid="unread-count"]')!.textContent).toBe('3');
    expect(items[1]!.querySelector('[data-testid="unread-count"]')).toBeNull();
    expect(items[0]!.querySelector('time')!.getAttribute('datetime')).toBe('2026-01-05T09:30:00.000Z');
  });

  it('puts what a visitor typed in as text: a name like <img onerror> stays text, no element is made', () => {
    paintFirstRows(app, snapshot(), agent().id);

    expect(app.querySelector('[data-conversation-id="a"] .name')!.textContent).toBe(HOSTILE);
    expect(app.querySelector('img, b')).toBeNull();
  });

  it('paints the rows inert, so none of them takes focus before the app mounts', () => {
    paintFirstRows(app, snapshot(), agent().id);

    const list = app.querySelector(`[${FIRST_ROWS_ATTRIBUTE}]`) as HTMLElement;
    expect(list.inert).toBe(true);
    expect(list.contains(app.querySelector('[data-testid="conversation-item"]'))).toBe(true);
  });

  it("paints nothing for another agent's snapshot, for nobody signed in, or with no rows kept", () => {
    expect(paintFirstRows(app, snapshot('someone-else'), agent().id)).toBe(false);
    expect(paintFirstRows(app, snapshot(), null)).toBe(false);
    expect(paintFirstRows(app, snapshot(agent().id, []), agent().id)).toBe(false);
    expect(paintFirstRows(app, null, agent().id)).toBe(false);
    expect(app.childNodes).toHaveLength(0);
  });

  it('paints nothing from a snapshot whose rows do not read right', () => {
    const [good] = rows();
    const bad: unknown[] = [
      [good, { conversation: { id: 'x' }, lastMessage: null }],
      [good, { ...good, conversation: { ...good!.conversation, updatedAt: 'yesterday' } }],
      [good, { ...good, lastMessage: { body: 7 } }],
      [good, null],
    ];
    for (const kept of bad) expect(paintFirstRows(app, snapshot(agent().id, kept as unknown[]), agent().id)).toBe(false);
    expect(app.childNodes).toHaveLength(0);
  });

  it('reads no snapshot from unreadable or older storage', () => {
    localStorage.setItem('switchboard:firstRows', '{not json');
    expect(readFirstRowsSnapshot()).toBeNull();
    localStorage.setItem('switchboard:firstRows', JSON.stringify({ version: 0, agentId: agent().id, rows: rows() }));
    expect(readFirstRowsSnapshot()).toBeNull();
    writeFirstRows(agent().id, rows());
    expect(readFirstRowsSnapshot()?.rows).toHaveLength(2);
  });

  it('paints the list where the app showed its rows, when that place was kept; at the top without one', () => {
    paintFirstRows(app, snapshot(), agent().id, { top: 114.5, left: 0, width: 320 });
    const list = app.querySelector(`[${FIRST_ROWS_ATTRIBUTE}]`) as HTMLElement;
    expect([list.style.marginTop, list.style.marginLeft, list.style.width]).toEqual(['114.5px', '0px', '320px']);

    app.replaceChildren();
    paintFirstRows(app, snapshot(), agent().id);
    expect((app.querySelector(`[${FIRST_ROWS_ATTRIBUTE}]`) as HTMLElement).getAttribute('style')).toBeNull();
  });

  it('reads back a kept place, and no place from storage that does not hold one', () => {
    localStorage.removeItem('switchboard:firstRowsPlace');
    expect(readFirstRowsPlace()).toBeNull();
    keepFirstRowsPlace({ top: 114.5, left: 12, width: 320 });
    expect(readFirstRowsPlace()).toEqual({ top: 114.5, left: 12, width: 320 });
    for (const stored of ['{not json', '"top"', JSON.stringify({ top: 'far', left: 0, width: 320 }), JSON.stringify({ top: 10, left: -5, width: 320 }), JSON.stringify({ top: 10, left: 0, width: 0 }), JSON.stringify({ top: 1e9, left: 0, width: 320 }), JSON.stringify({ top: 10, left: 0 })]) {
      localStorage.setItem('switchboard:firstRowsPlace', stored);
      expect(readFirstRowsPlace(), stored).toBeNull();
    }
  });

  it('leaves alone a container the app has already mounted on', () => {
    app.setAttribute('data-v-app', '');
    expect(paintFirstRows(app, snapshot(), agent().id)).toBe(false);
    app.removeAttribute('data-v-app');
    app.append(document.createElement('p'));
    expect(paintFirstRows(app, snapshot(), agent().id)).toBe(false);
    expect(app.querySelector('[data-testid="conversation-item"]')).toBeNull();
  });

  it("has the markup of the app's own first render of the same rows, so the swap does not show", async () => {
    await signInFresh();
    const plain = rows().map((row) => ({ ...row, conversation: { ...row.conversation, visitor: visitor({ name: 'Vera Visitor' }) } }));
    writeFirstRows(agent().id, plain);
    const vue = mount(InboxConversationList);

    paintFirstRows(app, snapshot(agent().id, plain), agent().id);

    expect(shape(app.querySelector('ul')!)).toEqual(shape(vue.get('ul').element));
    vue.unmount();
  });

  it('the app keeps where it first laid out its rows inside #app, and keeps nothing for a list it lays out hidden', async () => {
    await signInFresh();
    writeFirstRows(agent().id, rows());
    const original = Element.prototype.getBoundingClientRect;
    // this DOM lays nothing out: #app at (0, 8), the rows' list below the header and filters
    const box = (x: number, y: number, width: number, height: number) => DOMRect.fromRect({ x, y, width, height });
    let listBox = box(4, 122.5, 320, 400);
    Element.prototype.getBoundingClientRect = function (this: Element) {
      if (this.id === 'app') return box(0, 8, 328, 600);
      if (this.classList.contains('conversation-rows')) return listBox;
      return original.call(this);
    };
    try {
      const vue = mount(InboxConversationList, { attachTo: app });
      await expect.poll(() => readFirstRowsPlace()).toEqual({ top: 114.5, left: 4, width: 320 });
      vue.unmount();

      listBox = box(0, 0, 0, 0);
      const hidden = mount(InboxConversationList, { attachTo: app });
      await hidden.vm.$nextTick();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(hidden.find('ul.conversation-rows').exists()).toBe(true);
      expect(readFirstRowsPlace()).toEqual({ top: 114.5, left: 4, width: 320 });
      hidden.unmount();
    } finally {
      Element.prototype.getBoundingClientRect = original;
    }
  });
});
