import { createApp } from 'vue';
import '../../assets/main.css';
import '../../assets/admin.css';
import { translateAdmin } from '../../utils/admin-i18n.ts';
import { browserLocale } from '../../utils/locale.ts';
import App from './App.vue';

const locale = browserLocale();
document.documentElement.lang = locale;
document.title = translateAdmin(locale, 'admin.title');
createApp(App).mount('#app');
