import { describe, expect, it } from 'vitest';
import type { RuleDTO } from '../../protocol/routing.ts';
import { emailDomain, orderCandidates, ruleMatches, type Candidate, type RoutingContext } from '../../server/services/strategies.ts';

const a: Candidate = { id: 'a', load: 3, lastOfferedAt: 300 };
const b: Candidate = { id: 'b', load: 0, lastOfferedAt: 200 };
const c: Candidate = { id: 'c', load: 1, lastOfferedAt: 100 };
const all = [a, b, c];

function ctx(overrides: Partial<RoutingContext> = {}): RoutingContext {
  return { strategy: { kind: 'round_robin' }, rules: [], teams: new Map(), visitor: {}, accountOwner: null, lastAgent: null, ...overrides };
}
const order = (context: RoutingContext, candidates = all) => orderCandidates(candidates, context).map((x) => x.id);

function rule(id: string, priority: number, conditions: RuleDTO['conditions'], target: RuleDTO['target']): RuleDTO {
  return { id, name: id, priority, conditions, target };
}

describe('routing strategies', () => {
  it('round robin offers first to whoever waited longest since their last offer', () => {
    expect(order(ctx())).toEqual(['c', 'b', 'a']);
  });

  it('least busy offers first to the agent with the fewest chats and offers', () => {
    expect(order(ctx({ strategy: { kind: 'least_busy' } }))).toEqual(['b', 'c', 'a']);
  });

  it('a named agent comes first, the rest follow by round robin', () => {
    expect(order(ctx({ strategy: { kind: 'agent', agentId: 'a' } }))).toEqual(['a', 'c', 'b']);
  });

  it('a named agent who is not eligible falls back to round robin over all', () => {
    expect(order(ctx({ strategy: { kind: 'agent', agentId: 'a' } }), [b, c])).toEqual(['c', 'b']);
  });

  it('a team goes round robin inside the team first', () => {
    const teams = new Map([['t1', ['a', 'b']]]);
    expect(order(ctx({ strategy: { kind: 'team', teamId: 't1' }, teams }))).toEqual(['b', 'a', 'c']);
  });

  it('a team that finds nobody falls back to round robin over all', () => {
    const teams = new Map([['t1', ['x']]]);
    expect(order(ctx({ strategy: { kind: 'team', teamId: 't1' }, teams }))).toEqual(['c', 'b', 'a']);
  });

  it('rules are tried by priority: the first matching one that finds somebody wins', () => {
    const rules = [
      rule('r1', 1, [{ field: 'pageUrl', op: 'contains', value: '/pricing' }], { agentIds: ['x'] }), // matches, nobody eligible
      rule('r2', 2, [{ field: 'crmStatus', op: 'one_of', value: ['Lead', 'MQL'] }], { agentIds: ['a'] }),
      rule('r3', 3, [{ field: 'pageUrl', op: 'contains', value: '/pricing' }], { teamId: 't' }),
    ];
    const visitor = { pageUrl: 'https://shop.test/pricing', crmStatus: 'mql' };
    const teams = new Map([['t', ['b']]]);
    expect(order(ctx({ strategy: { kind: 'rules' }, rules, visitor, teams }))).toEqual(['a', 'c', 'b']);
    expect(order(ctx({ strategy: { kind: 'rules' }, rules, visitor: { ...visitor, crmStatus: 'customer' }, teams }))).toEqual([
      'b',
      'c',
      'a',
    ]);
  });

  it('rules that match nothing fall back to round robin', () => {
    const rules = [rule('r1', 1, [{ field: 'email', op: 'equals', value: 'vip@big.test' }], { agentIds: ['a'] })];
    expect(order(ctx({ strategy: { kind: 'rules' }, rules, visitor: { email: 'someone@else.test' } }))).toEqual(['c', 'b', 'a']);
  });

  it('a rule needs all its conditions; comparisons ignore case and surrounding spaces', () => {
    const r = rule(
      'r',
      1,
      [
        { field: 'emailDomain', op: 'equals', value: 'BIG.test ' },
        { field: 'jobTitle', op: 'contains', value: 'cto' },
      ],
      { agentIds: ['a'] },
    );
    expect(ruleMatches(r, { emailDomain: 'big.test', jobTitle: 'Deputy CTO' })).toBe(true);
    expect(ruleMatches(r, { emailDomain: 'big.test', jobTitle: 'CEO' })).toBe(false);
    expect(ruleMatches(r, { emailDomain: null, jobTitle: 'CTO' })).toBe(false);
  });

  it('account routing is checked first, before the returning visitor and the strategy', () => {
    expect(order(ctx({ strategy: { kind: 'agent', agentId: 'c' }, accountOwner: 'a', lastAgent: 'b' }))).toEqual(['a', 'b', 'c']);
  });

  it('a returning visitor goes first to the agent they last chatted with', () => {
    expect(order(ctx({ lastAgent: 'a' }))).toEqual(['a', 'c', 'b']);
  });

  it('an account owner or last agent who is not eligible is skipped', () => {
    expect(order(ctx({ accountOwner: 'x', lastAgent: 'y' }))).toEqual(['c', 'b', 'a']);
  });

  it('reads the company domain from the email', () => {
    expect(emailDomain('Ana@Big.Test')).toBe('big.test');
    expect(emailDomain(null)).toBeNull();
  });
});
