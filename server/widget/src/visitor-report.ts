/**
 * What the widget tells the server about the visitor besides the chat: the host page's attributes
 * (`visitor:identify`) and the page visit (`activity:page`, once per page load). Both are (re)sent when
 * the socket connects, so a call made before the connection exists, or lost to a drop, still arrives.
 */
import type { VisitorIdentifyInput } from '../../../protocol/meetings.ts';
import type { VisitorConnection } from './api.ts';
import { pageUrlFor } from './validate.ts';

export interface VisitorReportDeps {
  page: () => { url: string; title: string };
  /** puts a known name and email into the chat form */
  prefill: (values: { name?: string; email?: string }) => void;
  warn: (text: string) => void;
}

const TITLE_MAX = 300;

export function createVisitorReport(deps: VisitorReportDeps) {
  let conn: VisitorConnection | null = null;
  let attributes: VisitorIdentifyInput | null = null;
  let version = 0;
  let sentVersion = 0;
  let pageSent = false;
  let inFlight = false;

  async function sendIdentity(): Promise<void> {
    if (inFlight || !conn?.connected || !attributes || sentVersion === version) return;
    const sending = version;
    inFlight = true;
    const ack = await conn.command('visitor:identify', attributes).catch(() => null);
    inFlight = false;
    if (!ack) return;
    // a refused payload will not get better by sending it again
    if (ack.ok || ack.error === 'invalid_payload') sentVersion = sending;
    if (!ack.ok && ack.error === 'invalid_payload') deps.warn('Switchboard.identify: the chat server refused these attributes');
    // the page may have said more while this was on its way
    if (sentVersion === sending && sending !== version) void sendIdentity();
  }

  async function sendPage(): Promise<void> {
    if (!conn?.connected || pageSent) return;
    const { url, title } = deps.page();
    const absolute = pageUrlFor(url);
    if (!absolute) return;
    pageSent = true;
    const ack = await conn.command('activity:page', { url: absolute, title: title.trim().slice(0, TITLE_MAX) }).catch(() => null);
    if (!ack || (!ack.ok && ack.error !== 'invalid_payload')) pageSent = false;
  }

  return {
    identify(input: VisitorIdentifyInput): void {
      // a new email without a signature must not carry the old email's signature along
      const keep = attributes && input.email && input.email !== attributes.email ? { ...attributes, signature: undefined, issuedAt: undefined } : attributes;
      attributes = Object.fromEntries(Object.entries({ ...keep, ...input }).filter(([, v]) => v !== undefined)) as VisitorIdentifyInput;
      version++;
      deps.prefill({ name: attributes.name, email: attributes.email });
      void sendIdentity();
    },

    attach(connection: VisitorConnection): void {
      conn = connection;
      connection.onConnect(() => {
        void sendIdentity();
        void sendPage();
      });
      if (connection.connected) {
        void sendIdentity();
        void sendPage();
      }
    },
  };
}
