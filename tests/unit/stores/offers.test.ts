import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useOffersStore } from '../../../stores/offers.ts';
import { sendCommand } from '../../../utils/commands.ts';
import { db } from '../../../utils/db.ts';
import { offer } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

vi.mock('../../../utils/commands.ts', async (original) => ({ ...(await original<typeof import('../../../utils/commands.ts')>()), sendCommand: vi.fn() }));

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

  it('answers another offer while one answer is on its way, and ignores a second answer to the same offer', async () => {
    const sent: Array<{ name: string; offerId: string; done: (value: { ok: true; data: null }) => void }> = [];
    vi.mocked(sendCommand).mockImplementation(((name: string, data: { offerId: string }) =>
      new Promise((done) => sent.push({ name, offerId: data.offerId, done }))) as unknown as typeof sendCommand);
    const offers = useOffersStore();

    const first = offers.answer('vera', false);
    expect(offers.isAnswering('vera')).toBe(true);
    // a double click on the same request: nothing more is sent
    void offers.answer('vera', false);
    // the other request, answered while the first answer travels: sent at once, not dropped
    const second = offers.answer('walt', false);
    expect(sent.map((s) => [s.name, s.offerId])).toEqual([
      ['declineOffer', 'vera'],
      ['declineOffer', 'walt'],
    ]);
    expect(offers.isAnswering('walt')).toBe(true);

    sent[0]!.done({ ok: true, data: null });
    await first;
    expect(offers.isAnswering('vera')).toBe(false);
    expect(offers.isAnswering('walt')).toBe(true);
    sent[1]!.done({ ok: true, data: null });
    await second;
    expect(offers.answering).toEqual([]);
  });
});
