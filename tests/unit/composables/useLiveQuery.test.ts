import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { useLiveQuery } from '../../../composables/useLiveQuery.ts';
import { db } from '../../../utils/db.ts';
import { offer } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(resetExtension);

describe('useLiveQuery', () => {
  it('is undefined until the first answer, then follows writes to what it read', async () => {
    const scope = effectScope();
    const count = scope.run(() => useLiveQuery(() => db.offers.count()))!;
    expect(count.value).toBeUndefined();
    await vi.waitFor(() => expect(count.value).toBe(0));

    await db.offers.put(offer());
    await vi.waitFor(() => expect(count.value).toBe(1));
    scope.stop();
  });

  it('re-runs the query when a source changes', async () => {
    await db.offers.bulkPut([offer({ id: 'a' }), offer({ id: 'b', expiresAt: 1 })]);
    const scope = effectScope();
    const id = ref('a');
    const row = scope.run(() => useLiveQuery(() => db.offers.get(id.value), [id]))!;
    await vi.waitFor(() => expect(row.value?.id).toBe('a'));

    id.value = 'b';
    await vi.waitFor(() => expect(row.value?.id).toBe('b'));
    scope.stop();
  });
});
