import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useOffersStore } from '../../../stores/offers.ts';
import { db } from '../../../utils/db.ts';
import { offer } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('offers store', () => {
  it('lists pending offers soonest deadline first and follows the cache', async () => {
    await db.offers.bulkPut([
      offer({ id: 'late', expiresAt: 3000 }),
      offer({ id: 'soon', expiresAt: 1000 }),
      offer({ id: 'middle', expiresAt: 2000 }),
    ]);
    const offers = useOffersStore();
    await vi.waitFor(() => expect(offers.pending.map((o) => o.id)).toEqual(['soon', 'middle', 'late']));

    await db.offers.delete('soon');
    await vi.waitFor(() => expect(offers.pending.map((o) => o.id)).toEqual(['middle', 'late']));
  });

  it('counts deadlines on the server clock learned at the last sync', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(10_000);
    await db.meta.put({ key: 'clockOffset', value: 2_500 });
    const offers = useOffersStore();
    await vi.waitFor(() => expect(offers.serverNow()).toBe(12_500));
  });
});
