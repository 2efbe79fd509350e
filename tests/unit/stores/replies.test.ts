import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SavedReplyDTO } from '../../../protocol/toolkit.ts';
import { matchReplies, SUGGESTION_LIMIT, useRepliesStore } from '../../../stores/replies.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { resetExtension } from '../helpers/reset.ts';

const reply = (shortcut: string, body = shortcut): SavedReplyDTO => ({ id: shortcut, scope: 'personal', shortcut, body, updatedAt: 1 });

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

describe('matchReplies', () => {
  it('puts shortcuts that start with the query before those that only contain it, in shortcut or text', () => {
    const replies = [reply('thanks-more', 'x'), reply('nothanks', 'x'), reply('bye', 'many thanks'), reply('thanks', 'x'), reply('hello', 'x')];
    expect(matchReplies(replies, 'THA').map((r) => r.shortcut)).toEqual(['thanks-more', 'thanks', 'nothanks', 'bye']);
  });

  it('an empty query lists every reply, at most SUGGESTION_LIMIT', () => {
    const many = Array.from({ length: SUGGESTION_LIMIT + 3 }, (_, i) => reply(`r${i}`));
    expect(matchReplies(many, '')).toHaveLength(SUGGESTION_LIMIT);
  });
});

describe('replies store', () => {
  it('saves a new reply with createReply and a change with updateReply', async () => {
    const asked: string[] = [];
    onCommand('createReply', ({ data }) => {
      asked.push(`create ${data.shortcut}`);
      return { ok: true, data: reply(data.shortcut) };
    });
    onCommand('updateReply', ({ data }) => {
      asked.push(`update ${data.replyId}`);
      return { ok: true, data: reply('x') };
    });
    const store = useRepliesStore();
    expect(await store.save({ scope: 'personal', shortcut: 'hi', body: 'Hi' })).toBe(true);
    expect(await store.save({ replyId: 'r9', body: 'Hello' })).toBe(true);
    expect(asked).toEqual(['create hi', 'update r9']);
  });

  it('a failed load is reported while nothing is cached', async () => {
    onCommand('listReplies', () => ({ ok: false, error: 'offline' }));
    const store = useRepliesStore();
    await store.load();
    expect(store.failed).toBe(true);
    expect(store.known).toBe(false);
  });
});
