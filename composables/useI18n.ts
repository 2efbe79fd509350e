import { browserLocale, translate, type MessageKey } from '../utils/i18n.ts';

/** Translates UI text keys into the browser's language (English until other tables exist). */
export function useI18n() {
  const locale = browserLocale();
  return {
    locale,
    t: (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params),
  };
}
