/**
 * The widget's entry: one script tag on the customer's page runs this once.
 */
import { connectVisitor } from './api.ts';
import { newClientId, serverOrigin } from './config.ts';
import { createController } from './controller.ts';
import { createTranslator, pickLocale } from './i18n.ts';
import { browserStore } from './storage.ts';
import { createView, HOST_ID, type View } from './view.ts';

// document.currentScript is only set while this script first runs, so it is read before anything waits.
const script = document.currentScript;
const server = serverOrigin(script instanceof HTMLScriptElement ? script : null, location.href);

function mount(): void {
  // A page that includes the tag twice still gets one widget.
  if (document.getElementById(HOST_ID)) return;
  const locale = pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
  const t = createTranslator(locale);
  let view: View | null = null;
  const controller = createController({
    server,
    kv: browserStore(() => window.localStorage),
    fetch: (url, init) => fetch(url, init),
    connect: connectVisitor,
    newId: newClientId,
    now: Date.now,
    pageUrl: () => location.href,
    t,
    onChange: (state) => view?.render(state),
  });
  view = createView(document, t, locale, controller.handlers);
  view.render(controller.state());
  document.body.append(view.host);
  void controller.begin();
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount, { once: true });
