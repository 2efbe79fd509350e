import { createPinia } from 'pinia';
import { createApp } from 'vue';
import '../../assets/main.css';
import { db } from '../../utils/db.ts';
import { browserLocale } from '../../utils/i18n.ts';
import App from './App.vue';

// Right after a browser start, opening a large IndexedDB takes hundreds of milliseconds: begin now, in
// parallel with reading who is signed in, rather than when the first query asks. Errors surface there.
db.open().catch(() => undefined);
document.documentElement.lang = browserLocale();
createApp(App).use(createPinia()).mount('#app');
