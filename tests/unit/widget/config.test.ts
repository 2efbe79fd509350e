import { describe, expect, it } from 'vitest';
import { messageSendSchema } from '../../../protocol/schemas.ts';
import { timeOrderedId } from '../../../protocol/ids.ts';
import { serverOrigin } from '../../../server/widget/src/config.ts';

function scriptTag(src: string, server?: string) {
  const script = document.createElement('script');
  script.src = src;
  if (server) script.dataset.server = server;
  return script;
}

describe('widget server address', () => {
  it('is the origin the widget script was loaded from', () => {
    expect(serverOrigin(scriptTag('https://chat.acme.test/widget.js?v=2'), 'https://www.acme.test/')).toBe('https://chat.acme.test');
  });

  it('can be overridden with data-server on the script tag', () => {
    expect(serverOrigin(scriptTag('https://cdn.acme.test/widget.js', 'https://chat.acme.test/'), 'https://www.acme.test/')).toBe('https://chat.acme.test');
  });

  it('ignores a data-server that is not an http(s) address', () => {
    expect(serverOrigin(scriptTag('https://chat.acme.test/widget.js', 'javascript:alert(1)'), 'https://www.acme.test/')).toBe('https://chat.acme.test');
  });

  it('falls back to the page origin without a script tag', () => {
    expect(serverOrigin(null, 'http://localhost:3000/pricing')).toBe('http://localhost:3000');
  });
});

describe('widget client ids', () => {
  it('are unique, made in the page (no secure context needed) and accepted by the message:send schema', () => {
    const a = timeOrderedId();
    const b = timeOrderedId();
    expect(a).not.toBe(b);
    expect(messageSendSchema.safeParse({ conversationId: 'c1', clientId: a, body: 'hi' }).success).toBe(true);
  });
});
