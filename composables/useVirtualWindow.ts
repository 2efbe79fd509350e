/**
 * Which rows of a long, fixed-height list are on screen: only those (plus a margin) are rendered, so
 * 10,000 conversations cost as many DOM nodes as a screenful.
 */
import { computed, onMounted, onScopeDispose, ref, type Ref } from 'vue';

export interface VirtualWindow {
  start: Readonly<Ref<number>>;
  end: Readonly<Ref<number>>;
  /** space standing in for the rows above and below the rendered ones */
  padTop: Readonly<Ref<number>>;
  padBottom: Readonly<Ref<number>>;
  onScroll(): void;
}

export function useVirtualWindow(
  container: Readonly<Ref<HTMLElement | null>>,
  rowHeight: number,
  count: Readonly<Ref<number>>,
  overscan = 8,
): VirtualWindow {
  const scrollTop = ref(0);
  // a side panel is rarely taller than this before the first measurement
  const viewport = ref(800);

  const measure = () => {
    const el = container.value;
    if (!el) return;
    scrollTop.value = el.scrollTop;
    if (el.clientHeight > 0) viewport.value = el.clientHeight;
  };

  let observer: ResizeObserver | undefined;
  onMounted(() => {
    measure();
    if (typeof ResizeObserver !== 'undefined' && container.value) {
      observer = new ResizeObserver(measure);
      observer.observe(container.value);
    }
  });
  onScopeDispose(() => observer?.disconnect());

  const start = computed(() => Math.max(0, Math.floor(scrollTop.value / rowHeight) - overscan));
  const end = computed(() => Math.min(count.value, Math.ceil((scrollTop.value + viewport.value) / rowHeight) + overscan));
  const padTop = computed(() => start.value * rowHeight);
  const padBottom = computed(() => Math.max(0, (count.value - end.value) * rowHeight));

  return { start, end, padTop, padBottom, onScroll: measure };
}
