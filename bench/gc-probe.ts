/**
 * Garbage collection in a load bench child (the relay and the service alike), for one phase at a time:
 * a line `GC START` on stdin starts counting (answered `GC STARTED`), `GC STOP` answers
 * `GC <allocated bytes> <longest pause ms> <its kind>` on stdout (through bench/child-answers.ts).
 *
 * Allocation is read off V8's own record of each collection (`v8.GCProfiler`): what the heap grew by
 * between one collection's end and the next one's start, plus the growth after the last one. The heap
 * only shrinks in a collection, so nothing allocated between two of them is missed; objects still alive
 * at the end count once. The pause is V8's own duration of each collection.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
import type { Answerer } from './child-answers.ts';

interface Counting {
  profiler: GCProfiler;
  usedAtStart: number;
}

interface GcFigures {
  allocatedBytes: number;
  pauseMaxMs: number;
  /** V8's name for the longest one's kind (Scavenge, MarkSweepCompact, …) */
  longestKind: string;
}

function stopCounting(counting: Counting): GcFigures {
  const { statistics } = counting.profiler.stop();
  let allocated = 0;
  let usedAfterLast = counting.usedAtStart;
  let pauseMaxUs = 0;
  let longestKind = 'none';
  for (const gc of statistics) {
    allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - usedAfterLast);
    usedAfterLast = gc.afterGC.heapStatistics.usedHeapSize;
    if (gc.cost > pauseMaxUs) {
      pauseMaxUs = gc.cost;
      longestKind = gc.gcType;
    }
  }
  allocated += Math.max(0, getHeapStatistics().used_heap_size - usedAfterLast);
  return { allocatedBytes: allocated, pauseMaxMs: pauseMaxUs / 1000, longestKind };
}

function startCounting(): Counting {
  const profiler = new GCProfiler();
  const usedAtStart = getHeapStatistics().used_heap_size;
  profiler.start();
  return { profiler, usedAtStart };
}

/** The GC questions (see above). */
export function gcProbe(): Answerer {
  let counting: Counting | null = null;
  return (line) => {
    if (line === 'GC START') {
      counting = startCounting();
      return 'GC STARTED';
    }
    if (line !== 'GC STOP' || !counting) return undefined;
    const f = stopCounting(counting);
    counting = null;
    return `GC ${f.allocatedBytes} ${f.pauseMaxMs.toFixed(3)} ${f.longestKind}`;
  };
}
