/**
 * A chat transcript as plain text (SPEC R18): a header, then one block per message. Text, not HTML, so
 * whatever a visitor typed stays inert in the file. Lines the service wrote and cards are in the
 * agent's language, like the rest of the file.
 */
import type { ConversationDTO, MessageDTO } from '../protocol/dto.ts';
import { translate, type Locale } from './i18n.ts';
import { messageText } from './message-text.ts';

export function transcriptText(conversation: ConversationDTO, messages: readonly MessageDTO[], locale: Locale): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate(locale, key, params);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const visitor = conversation.visitor.name ?? t('visitor.anonymous');
  const lines = [
    t('transcript.heading', { name: visitor }),
    `${t('transcript.started')}: ${when.format(conversation.createdAt)}`,
    ...(conversation.endedAt !== null ? [`${t('transcript.ended')}: ${when.format(conversation.endedAt)}`] : []),
    ...(conversation.agentName ? [`${t('transcript.agent')}: ${conversation.agentName}`] : []),
    '',
  ];
  for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
    const name = m.authorName ?? t(`conversation.author.${m.author}`);
    // a note is marked where the eye starts reading the block
    const author = m.note ? `${name} (${t('transcript.note')})` : name;
    const text = [messageText(locale, m), ...(m.card?.type === 'meeting' ? [when.formatRange(m.card.start, m.card.end)] : [])];
    lines.push(`[${when.format(m.createdAt)}] ${author}:`, ...text.join('\n').split(/\r?\n/).map((line) => `  ${line}`), '');
  }
  return lines.join('\n');
}

/** A file name that every operating system accepts. */
export function transcriptFileName(conversation: ConversationDTO): string {
  const name = (conversation.visitor.name ?? 'visitor').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const day = new Date(conversation.createdAt).toISOString().slice(0, 10);
  return `transcript-${name || 'visitor'}-${day}.txt`;
}

/** Saves text as a .txt download from an extension page (a Blob URL on a temporary link). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
