import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokens, REFRESH_MARGIN_MS, type Tokens } from '../../../entrypoints/background/tokens.ts';
import { accessTokenItem, legacyTokenItem, refreshTokenItem, serverUrlItem } from '../../../utils/storage.ts';
import { resetExtension } from '../helpers/reset.ts';

const NOW = 1_750_000_000_000;
let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;
let tokens: Tokens;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const pair = (n: number) => ({ accessToken: `acc-${n}`, accessTokenExpiresInMs: 15 * 60_000, refreshToken: `ref-${n}` });

beforeEach(async () => {
  await resetExtension();
  fetchMock = vi.fn<typeof fetch>();
  tokens = createTokens({ fetch: fetchMock, now: () => NOW });
  await serverUrlItem.setValue('https://chat.example.com');
  await refreshTokenItem.setValue('ref-0');
});

async function storedAccess(expiresInMs: number): Promise<void> {
  await accessTokenItem.setValue({ token: 'acc-0', expiresAt: NOW + expiresInMs });
}

describe('tokens', () => {
  it('hands out the stored access token while it has more than a minute left, without asking the server', async () => {
    await storedAccess(REFRESH_MARGIN_MS + 1);
    expect(await tokens.access()).toEqual({ kind: 'token', token: 'acc-0' });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('near its expiry, refreshes once for every caller at the same time and keeps the new pair', async () => {
    await storedAccess(REFRESH_MARGIN_MS);
    let answer!: (response: Response) => void;
    fetchMock.mockReturnValue(new Promise((resolve) => (answer = resolve)));

    const asked = Promise.all([tokens.access(), tokens.access(), tokens.renew('acc-0')]);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    answer(json(200, pair(1)));

    expect(await asked).toEqual(Array(3).fill({ kind: 'token', token: 'acc-1' }));
    expect(fetchMock).toHaveBeenCalledOnce();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('https://chat.example.com/api/auth/refresh');
    expect(init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(init!.body as string)).toEqual({ refreshToken: 'ref-0' });
    expect(await accessTokenItem.getValue()).toEqual({ token: 'acc-1', expiresAt: NOW + 15 * 60_000 });
    expect(await refreshTokenItem.getValue()).toBe('ref-1');
  });

  it('refreshes when the access token is missing (a browser restart empties session storage)', async () => {
    fetchMock.mockResolvedValue(json(200, pair(1)));
    expect(await tokens.access()).toEqual({ kind: 'token', token: 'acc-1' });
  });

  it('renews an access token the server refused even when it looks valid, unless a newer one has come meanwhile', async () => {
    await storedAccess(10 * 60_000);
    fetchMock.mockResolvedValue(json(200, pair(1)));
    expect(await tokens.renew('acc-0')).toEqual({ kind: 'token', token: 'acc-1' });
    expect(await tokens.renew('acc-0')).toEqual({ kind: 'token', token: 'acc-1' });
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it('a refresh the server refuses means the sign-in is over; the tokens stay for the sign-out to remove', async () => {
    fetchMock.mockResolvedValue(json(401, { error: 'unauthorized' }));
    expect(await tokens.access()).toEqual({ kind: 'refused' });
    expect(await refreshTokenItem.getValue()).toBe('ref-0');
  });

  it('an unreachable server or a server error leaves the sign-in as it is, to try again later', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await tokens.access()).toEqual({ kind: 'unreachable' });
    fetchMock.mockResolvedValueOnce(json(503, { error: 'internal' }));
    expect(await tokens.access()).toEqual({ kind: 'unreachable' });
    fetchMock.mockResolvedValueOnce(json(200, { accessToken: 'half a pair' }));
    expect(await tokens.access()).toEqual({ kind: 'unreachable' });
    expect(await refreshTokenItem.getValue()).toBe('ref-0');
  });

  it('drops the answer of a refresh that was still out when the agent signed out', async () => {
    let answer!: (response: Response) => void;
    fetchMock.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const asked = tokens.access();
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await tokens.forget();
    answer(json(200, pair(1)));

    expect(await asked).toEqual({ kind: 'none' });
    expect(await accessTokenItem.getValue()).toBeNull();
    expect(await refreshTokenItem.getValue()).toBeNull();
  });

  it('signed out: no token and no request; a sign-in from before refresh tokens counts as over', async () => {
    await refreshTokenItem.removeValue();
    expect(await tokens.access()).toEqual({ kind: 'none' });
    await legacyTokenItem.setValue('thirty-day-token');
    expect(await tokens.access()).toEqual({ kind: 'refused' });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
