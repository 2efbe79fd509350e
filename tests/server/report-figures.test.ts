import { describe, expect, it } from 'vitest';
import { chatFigures, type ChatListRow } from '../../server/services/report-figures.ts';

/** Nearest rank by sorting, as the definition reads: of n sorted values the one at rank ⌈p·n/100⌉. */
function byDefinition(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = (p: number) => sorted[Math.ceil((p * n) / 100) - 1]!;
  return n === 0 ? { n, p50: null, p90: null } : { n, p50: rank(50), p90: rank(90) };
}

/** Deterministic pseudo-random integers (a linear congruential generator), so a failure can be replayed. */
function numbers(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

describe('report percentiles', () => {
  it('picks the nearest-rank p50 and p90 per day, per agent and overall as sorting would, with ties, negatives and one-value groups', () => {
    const next = numbers(7);
    const days = 5;
    const rows: ChatListRow[] = [];
    const byDay: number[][] = Array.from({ length: days }, () => []);
    const byAgent = new Map<string, number[]>();
    const all: number[] = [];
    for (let day = 0; day < days; day++) {
      for (const agent of ['a', 'b', 'c']) {
        // day 4 holds one value per agent; agent c only a few; values repeat (ties) and some are negative
        const count = day === 4 ? 1 : agent === 'c' ? 2 : 50 + next(200);
        const values = Array.from({ length: count }, () => next(40) * 1_000 - 3_000);
        rows.push({ day: 100 + day, accepted_by: agent, hours: null, missedHours: null, timeToAccept: values.join(','), timeToFirstReply: null, chatLength: '' });
        byDay[day]!.push(...values);
        byAgent.set(agent, [...(byAgent.get(agent) ?? []), ...values]);
        all.push(...values);
      }
    }
    const figures = chatFigures(rows, 100, days + 1);
    const accept = figures.timings.timeToAccept;
    expect(accept.all).toEqual(byDefinition(all));
    expect(accept.byDay).toEqual([...byDay, []].map(byDefinition));
    expect(figures.agentIds).toEqual(['a', 'b', 'c']);
    expect(accept.byAgent).toEqual(['a', 'b', 'c'].map((agent) => byDefinition(byAgent.get(agent)!)));
    // lists with no value (null or empty) give no percentiles
    expect(figures.timings.timeToFirstReply.all).toEqual({ n: 0, p50: null, p90: null });
    expect(figures.timings.chatLength.all).toEqual({ n: 0, p50: null, p90: null });
  });

  it('puts each hour’s requests and misses at its place in the range and refuses a day outside it', () => {
    const lists = { timeToAccept: null, timeToFirstReply: null, chatLength: null };
    const figures = chatFigures(
      [
        { day: '10', accepted_by: null, hours: '5,5,23', missedHours: '5', ...lists },
        { day: 11, accepted_by: 'a', hours: '5', missedHours: null, ...lists },
      ],
      10,
      2,
    );
    expect(figures.requested[5]).toBe(2);
    expect(figures.missed[5]).toBe(1);
    expect(figures.requested[23]).toBe(1);
    expect(figures.requested[24 + 5]).toBe(1);
    expect([...figures.requested].reduce((a, b) => a + b)).toBe(4);
    expect([...figures.missed].reduce((a, b) => a + b)).toBe(1);
    expect(() => chatFigures([{ day: 12, accepted_by: null, hours: '0', missedHours: null, ...lists }], 10, 2)).toThrow(/outside/);
  });
});
