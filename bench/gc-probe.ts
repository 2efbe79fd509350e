/**
 * Garbage collection in a load bench child (the relay and the service alike), for one phase at a time:
 * a line `GC START` on stdin starts counting (answered `GC STARTED`), `GC STOP` answers
 * `GC <allocated bytes> <collections> <total pause ms> <longest pause ms> <its kind>` on stdout.
 *
 * Allocation is read off V8's own record of each collection (`v8.GCProfiler`): what the heap grew by
 * between one collection's end and the next one's start, plus the growth after the last one. The heap
 * only shrinks in a collection, so nothing allocated between two of them is missed; objects still alive
 * at the end count once. The pause is V8's own duration of each collection.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

interface Counting {
  profiler: GCProfiler;
  usedAtStart: number;
}

export interface GcFigures {
  allocatedBytes: number;
  collections: number;
  pauseTotalMs: number;
  pauseMaxMs: number;
  /** V8's name for the longest one's kind (Scavenge, MarkSweepCompact, …) */
  longestKind: string;
}

export function stopCounting(counting: Counting): GcFigures {
  const { statistics } = counting.profiler.stop();
  let allocated = 0;
  let usedAfterLast = counting.usedAtStart;
  let pauseTotalUs = 0;
  let pauseMaxUs = 0;
  let longestKind = 'none';
  for (const gc of statistics) {
    allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - usedAfterLast);
    usedAfterLast = gc.afterGC.heapStatistics.usedHeapSize;
    pauseTotalUs += gc.cost;
    if (gc.cost > pauseMaxUs) {
      pauseMaxUs = gc.cost;
      longestKind = gc.gcType;
    }
  }
  allocated += Math.max(0, getHeapStatistics().used_heap_size - usedAfterLast);
  return { allocatedBytes: allocated, collections: statistics.length, pauseTotalMs: pauseTotalUs / 1000, pauseMaxMs: pauseMaxUs / 1000, longestKind };
}

export function startCounting(): Counting {
  const profiler = new GCProfiler();
  const usedAtStart = getHeapStatistics().used_heap_size;
  profiler.start();
  return { profiler, usedAtStart };
}

/** Answers `GC START` / `GC STOP` lines on stdin (see above). */
export function answerGcProbe(): void {
  let counting: Counting | null = null;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text: string) => {
    for (const line of text.split('\n')) {
      if (line === 'GC START') {
        counting = startCounting();
        console.log('GC STARTED');
      }
      if (line === 'GC STOP' && counting) {
        const f = stopCounting(counting);
        counting = null;
        console.log(`GC ${f.allocatedBytes} ${f.collections} ${f.pauseTotalMs.toFixed(3)} ${f.pauseMaxMs.toFixed(3)} ${f.longestKind}`);
      }
    }
  });
}
