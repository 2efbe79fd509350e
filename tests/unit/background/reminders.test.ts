import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { remindPendingOffers } from '../../../entrypoints/background/reminders.ts';
import { db } from '../../../utils/db.ts';
import { offer } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
});

describe('offer reminders', () => {
  it("remind an offer that is still open by the server's clock, though the local clock says it ended", async () => {
    // this computer's clock runs a minute fast: the server is 60 s behind it
    await db.meta.put({ key: 'clockOffset', value: -60_000 });
    await db.offers.put(offer({ id: 'o1', expiresAt: Date.now() - 30_000 }));
    const create = vi.spyOn(fakeBrowser.notifications, 'create');

    expect(await remindPendingOffers()).toBe(1);
    expect(create).toHaveBeenCalledWith('offer:o1', expect.anything());
  });

  it("do not remind an offer that ended by the server's clock, though the local clock says it is open", async () => {
    await db.meta.put({ key: 'clockOffset', value: 60_000 });
    await db.offers.put(offer({ id: 'o1', expiresAt: Date.now() + 30_000 }));
    expect(await remindPendingOffers()).toBe(0);
  });
});
