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

  it('words the lines the service wrote and the cards in the agent’s language; a row without a notice keeps its text', () => {
    const meeting = { type: 'meeting', meetingId: 'm1', agentId: 'a1', agentName: 'Ada Agent', start: T0 + 86_400_000, end: T0 + 88_200_000, status: 'booked' } as const;
    const text = transcriptText(
      ended,
      [
        message({ seq: 1, author: 'system', authorName: null, body: 'Ada Agent joined the chat', notice: { kind: 'agent_joined', name: 'Ada Agent' } }),
        message({ seq: 2, author: 'agent', authorName: 'Ada Agent', body: 'Book a meeting with Ada Agent', card: { type: 'calendar', agentId: 'a1', agentName: 'Ada Agent' } }),
        message({ seq: 3, author: 'system', authorName: null, body: 'Meeting booked with Ada Agent: 2025-01-07 09:00 UTC', card: meeting }),
        message({ seq: 4, author: 'system', authorName: null, body: 'Chat ended by the visitor', notice: { kind: 'chat_ended', by: 'visitor' } }),
        message({ seq: 5, author: 'system', authorName: null, body: 'An old line' }),
      ],
      'de',
    );
    expect(text).toContain('  Ada Agent ist dem Chat beigetreten\n');
    expect(text).toContain('  Kalender von Ada Agent geteilt: Der Besucher kann einen Termin buchen.\n');
    expect(text).toContain(`  Termin mit Ada Agent gebucht\n  ${new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short' }).formatRange(meeting.start, meeting.end)}\n`);
    expect(text).toContain('  Der Besucher hat den Chat beendet\n');
    expect(text).toContain('  An old line\n');
    expect(text).not.toMatch(/joined|Book a meeting|Meeting booked|Chat ended/);
  });

  it('makes a safe .txt file name', () => {
    expect(transcriptFileName(ended)).toBe('transcript-Vera-Visitor-2025-01-06.txt');
  });
});
