import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

describe('command schemas', () => {
  it('build and parse without ever calling the Function constructor (zod runs jitless)', async () => {
    const functionConstructor = vi.spyOn(globalThis, 'Function');
    vi.resetModules();
    const { COMMAND_SCHEMAS } = await import('../../../utils/command-schemas.ts');

    const parsed = COMMAND_SCHEMAS.signIn?.safeParse({ serverUrl: 'https://chat.example.com', email: 'a@example.com', password: 'secret' });

    expect(parsed?.success).toBe(true);
    expect(functionConstructor).not.toHaveBeenCalled();
  });
});
