/**
 * Dates and times as text, through shared Intl.DateTimeFormat instances made once the first rows that
 * show one have painted. The first one made in a page loads the locale's ICU data (about 150 ms here
 * right after a browser start), and a formatter per row or per message repeats part of that work: so
 * rows and messages show at once, and their times a frame later.
 */
import { ref } from 'vue';

const formats = new Map<string, Intl.DateTimeFormat>();
const ready = ref(false);
let scheduled = false;

function afterFirstPaint(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run));
  else setTimeout(run);
}

export function useDateFormat(locale: string) {
  /** The formatted date, or '' until the screen that first asked for one has painted. */
  return (at: number, options: Intl.DateTimeFormatOptions): string => {
    if (!ready.value) {
      if (!scheduled) afterFirstPaint(() => (ready.value = true));
      scheduled = true;
      return '';
    }
    const key = `${locale} ${JSON.stringify(options)}`;
    let format = formats.get(key);
    if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
    return format.format(at);
  };
}
