import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import '../../assets/main.css';
import { useConversationsStore } from '../../stores/conversations.ts';
import { useSessionStore } from '../../stores/session.ts';
import { loadCommandSchemas } from '../../utils/commands.ts';
import { db } from '../../utils/db.ts';
import { browserLocale } from '../../utils/i18n.ts';
import App from './App.vue';

// Right after a browser start, opening a large IndexedDB takes hundreds of milliseconds: begin now, in
// parallel with reading who is signed in, rather than when the first query asks. Errors surface there.
db.open().catch(() => undefined);
document.documentElement.lang = browserLocale();
const pinia = createPinia();
// The conversation rows' query starts now, alongside the IndexedDB open and the identity read, not
// when the inbox's components have mounted.
useConversationsStore(pinia);
// Mounting replaces the rows the first-rows script painted (entrypoints/first-rows.ts): the app mounts
// once storage.local has said who is signed in (milliseconds), so its first screen already lists the
// rows, never "Loading…" in between. That script asked storage first, so it has painted by then.
const session = useSessionStore(pinia);
const loading = session.load();
await new Promise<void>((resolve) => {
  watch(() => session.loaded, (known) => known && resolve(), { immediate: true });
  // storage unreadable: mount anyway, on the sign-in form, rather than leave the panel blank
  loading.catch(() => resolve());
});
createApp(App).use(pinia).mount('#app');
// what the first screen does not need: the command schemas, once the first frame is out
requestAnimationFrame(() => setTimeout(() => void loadCommandSchemas()));
