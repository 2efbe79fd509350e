import { describe, expect, it } from 'vitest';
import { transcriptFileName, transcriptText } from '../../../utils/transcript.ts';
import { conversation, message, T0, visitor } from '../helpers/fixtures.ts';

describe('transcript text', () => {
  const ended = conversation({ status: 'ended', endedAt: T0 + 120_000, visitor: visitor({ name: 'Vera <Visitor>' }) });
  const messages = [
    message({ seq: 2, author: 'agent', authorName: 'Ada Agent', body: 'Hello!\nHow can I help?' }),
    message({ seq: 1, body: '<b>hi</b>' }),
  ];

  it('lists the header and every message in seq order, as plain text', () => {
    const text = transcriptText(ended, messages, 'en');
    expect(text.startsWith('Chat with Vera <Visitor>\n')).toBe(true);
    expect(text).toContain('Agent: Ada Agent');
    expect(text.indexOf('<b>hi</b>')).toBeLessThan(text.indexOf('Hello!'));
    expect(text).toContain('  Hello!\n  How can I help?');
  });

  it('speaks the agent’s language', () => {
    expect(transcriptText(ended, messages, 'de')).toContain('Chat mit Vera <Visitor>');
  });

  it('makes a safe .txt file name', () => {
    expect(transcriptFileName(ended)).toBe('transcript-Vera-Visitor-2025-01-06.txt');
  });
});
