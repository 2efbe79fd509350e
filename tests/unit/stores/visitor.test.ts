import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivityDTO } from '../../../protocol/inbox.ts';
import { useVisitorStore } from '../../../stores/visitor.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { T0 } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

const visit = (id: string): ActivityDTO => ({ id, type: 'page_visit', at: T0, conversationId: null, title: null, url: 'https://shop.test/' });

describe('useVisitorStore', () => {
  it('refreshes the same visitor in place: the old list stays until the new one arrives', async () => {
    let answer: ActivityDTO[] = [visit('a')];
    let release: () => void = () => {};
    let gate: Promise<void> = Promise.resolve();
    onCommand('visitorHistory', async () => {
      const activities = answer;
      await gate;
      return { ok: true, data: { visitorId: 'v1', activities } };
    });
    const store = useVisitorStore();
    await store.load('v1');
    answer = [visit('b'), visit('a')];
    gate = new Promise<void>((resolve) => (release = resolve));
    const refresh = store.load('v1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.loading).toBe(false);
    expect(store.activities?.map((a) => a.id)).toEqual(['a']);
    release();
    await refresh;
    expect(store.activities?.map((a) => a.id)).toEqual(['b', 'a']);
  });

  it('starts from a loading state for another visitor', async () => {
    onCommand('visitorHistory', ({ data }) => ({ ok: true, data: { visitorId: data.visitorId, activities: [visit(data.visitorId)] } }));
    const store = useVisitorStore();
    await store.load('v1');
    const other = store.load('v2');
    expect(store.loading).toBe(true);
    expect(store.activities).toBeNull();
    await other;
    expect(store.activities?.map((a) => a.id)).toEqual(['v2']);
  });
});
