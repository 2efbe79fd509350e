/**
 * The widget's entry: one script tag on the customer's page runs this once.
 */
import { connectVisitor } from './api.ts';
import { createCalendarCards } from './calendar.ts';
import { visitorTimeZone } from './calendar-time.ts';
import { timeOrderedId } from '../../../protocol/ids.ts';
import { serverOrigin, siteKeyOf } from './config.ts';
import { createController } from './controller.ts';
import { createTranslator, fetchLocaleTable, pickLocale, type MessageTable } from './i18n.ts';
import { installHostApi } from './host-api.ts';
import { browserStore } from './storage.ts';
import { createView, HOST_ID, type View } from './view.ts';
import { createVisitorReport } from './visitor-report.ts';

// document.currentScript is only set while this script first runs, so it is read before anything waits.
const script = document.currentScript;
const tag = script instanceof HTMLScriptElement ? script : null;
const server = serverOrigin(tag, location.href);
const siteKey = siteKeyOf(tag);
const locale = pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
// asked for at once, while the page is still loading; English if it does not come within 3 s
const table = Promise.race([
  fetchLocaleTable((url) => fetch(url), server, locale),
  new Promise<undefined>((resolve) => setTimeout(resolve, 3000)),
]);

function mount(texts: Partial<MessageTable> | undefined): void {
  // A page that includes the tag twice still gets one widget.
  if (document.getElementById(HOST_ID)) return;
  const t = createTranslator(texts);
  let view: View | null = null;
  const kv = browserStore(() => window.localStorage);
  const report = createVisitorReport({
    page: () => ({ url: location.href, title: document.title }),
    prefill: (values) => view?.prefill(values),
    warn: (text) => console.warn(text),
  });
  let conversationId = (): string | null => null;
  const cards = createCalendarCards({
    doc: document,
    t,
    locale,
    timeZone: visitorTimeZone(),
    now: Date.now,
    kv,
    conversationId: () => conversationId(),
    objectUrl: (ics) => URL.createObjectURL(new Blob([ics], { type: 'text/calendar' })),
  });
  const controller = createController({
    server,
    kv,
    fetch: (url, init) => fetch(url, init),
    connect: connectVisitor,
    // time-ordered client ids: the server's index of them grows at its end (protocol/ids.ts)
    newId: () => timeOrderedId(),
    now: Date.now,
    pageUrl: () => location.href,
    siteKey,
    locale,
    t,
    warn: (text) => console.warn(text),
    onChange: (state) => view?.render(state),
    onConnection(connection) {
      report.attach(connection);
      cards.attach(connection);
    },
  });
  conversationId = controller.conversationId;
  view = createView(document, t, locale, controller.handlers, cards.render);
  // after the view exists, so attributes queued by the page can fill in the chat form
  installHostApi(window as { Switchboard?: unknown }, report.identify);
  view.render(controller.state());
  document.body.append(view.host);
  void controller.begin();
}

const bodyReady = document.body
  ? Promise.resolve()
  : new Promise<void>((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
void Promise.all([table, bodyReady]).then(([texts]) => mount(texts));
