import { describe, expect, it, vi } from 'vitest';
import { useDateFormat } from '../../../composables/useDateFormat.ts';

describe('useDateFormat', () => {
  it('formats nothing before the first paint, then the date in the given locale', async () => {
    const format = useDateFormat('en');
    const at = Date.UTC(2026, 0, 15, 12, 0);
    expect(format(at, { dateStyle: 'short', timeZone: 'UTC' })).toBe('');

    await vi.waitFor(() => expect(format(at, { dateStyle: 'short', timeZone: 'UTC' })).toBe('1/15/26'));
  });

  it('makes one formatter per locale and options, however many rows ask', async () => {
    const format = useDateFormat('en');
    await vi.waitFor(() => expect(format(0, { timeZone: 'UTC', year: 'numeric' })).not.toBe(''));
    const made = vi.spyOn(Intl, 'DateTimeFormat');

    for (let i = 0; i < 100; i++) format(i * 1000, { timeZone: 'UTC', year: 'numeric' });

    expect(made).not.toHaveBeenCalled();
    made.mockRestore();
  });
});
