/** The fallback message a visitor is told when nobody takes their chat, in the language their widget speaks. */
import { LOCALES, type Locale } from '../../protocol/locales.ts';

/** Shipped texts, for the languages an admin gave no text of their own and while no custom message is set. */
export const SHIPPED_FALLBACK_MESSAGES: Record<Locale, string> = {
  en: 'Sorry, nobody is available right now. Please leave your question by email and we will get back to you.',
  de: 'Leider ist gerade niemand erreichbar. Bitte schicken Sie uns Ihre Frage per E-Mail, wir melden uns bei Ihnen.',
  sv: 'Tyvärr är ingen tillgänglig just nu. Skicka gärna din fråga via e-post så återkommer vi till dig.',
  nl: 'Helaas is er op dit moment niemand beschikbaar. Stuur uw vraag per e-mail, dan nemen wij contact met u op.',
  es: 'Lo sentimos, ahora mismo no hay nadie disponible. Envíanos tu pregunta por correo electrónico y te responderemos.',
  fr: "Désolé, personne n'est disponible pour le moment. Envoyez-nous votre question par e-mail et nous vous répondrons.",
};

/** Each language's text: its own, else the custom one (set once for all languages), else the shipped one. */
export function fallbackMessagesOf(own: Partial<Record<Locale, string | null>>, custom: string | null): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, own[l] ?? custom ?? SHIPPED_FALLBACK_MESSAGES[l]])) as Record<Locale, string>;
}
