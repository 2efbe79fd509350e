import { createPinia } from 'pinia';
import { createApp } from 'vue';
import '../../assets/main.css';
import { useConversationsStore } from '../../stores/conversations.ts';
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
createApp(App).use(pinia).mount('#app');
// what the first screen does not need: the command schemas, once the first frame is out
requestAnimationFrame(() => setTimeout(() => void loadCommandSchemas()));
