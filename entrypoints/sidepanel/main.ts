import { createPinia } from 'pinia';
import { createApp } from 'vue';
import '../../assets/main.css';
import { browserLocale } from '../../utils/i18n.ts';
import App from './App.vue';

document.documentElement.lang = browserLocale();
createApp(App).use(createPinia()).mount('#app');
