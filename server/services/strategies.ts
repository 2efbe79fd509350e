/**
 * Who is offered a chat first, pure: account owner, then the returning visitor's last agent, then the
 * site's strategy, then everyone else by fair round robin. Works on agents already known to be
 * eligible (online, available, not yet offered this chat), so the order alone decides.
 */
import type { RoutingStrategy, RuleCondition, RuleDTO, RuleField } from '../../protocol/routing.ts';

export interface Candidate {
  id: string;
  /** accepted chats plus open offers */
  load: number;
  /** 0 = never offered */
  lastOfferedAt: number;
}

export type VisitorAttributes = Partial<Record<RuleField, string | null>>;

export interface RoutingContext {
  strategy: RoutingStrategy;
  /** in the order they are tried */
  rules: readonly RuleDTO[];
  teams: ReadonlyMap<string, readonly string[]>;
  visitor: VisitorAttributes;
  /** the agent owning the visitor's company domain */
  accountOwner: string | null;
  /** the agent the visitor last chatted with */
  lastAgent: string | null;
}

/** Fair round robin: whoever waited longest since their last offer, ties by id. */
export function roundRobin(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => a.lastOfferedAt - b.lastOfferedAt || a.id.localeCompare(b.id));
}

export function leastBusy(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => a.load - b.load || a.lastOfferedAt - b.lastOfferedAt || a.id.localeCompare(b.id));
}

function holds(condition: RuleCondition, visitor: VisitorAttributes): boolean {
  const actual = (visitor[condition.field] ?? '').trim().toLowerCase();
  switch (condition.op) {
    case 'equals':
      return actual === condition.value.trim().toLowerCase();
    case 'contains':
      return actual.includes(condition.value.trim().toLowerCase());
    case 'one_of':
      return condition.value.some((v) => actual === v.trim().toLowerCase());
  }
}

export function ruleMatches(rule: RuleDTO, visitor: VisitorAttributes): boolean {
  return rule.conditions.every((c) => holds(c, visitor));
}

function targetIds(rule: RuleDTO, teams: RoutingContext['teams']): readonly string[] {
  return 'agentIds' in rule.target ? rule.target.agentIds : (teams.get(rule.target.teamId) ?? []);
}

/** The agents the strategy names among the candidates, in its order; empty = nobody, fall back. */
function preferred(candidates: readonly Candidate[], ctx: RoutingContext): Candidate[] {
  const among = (ids: readonly string[]) => roundRobin(candidates.filter((c) => ids.includes(c.id)));
  switch (ctx.strategy.kind) {
    case 'round_robin':
      return roundRobin(candidates);
    case 'least_busy':
      return leastBusy(candidates);
    case 'agent':
      return among([ctx.strategy.agentId]);
    case 'team':
      return among(ctx.teams.get(ctx.strategy.teamId) ?? []);
    case 'rules': {
      const rule = ruleInForce(candidates, ctx);
      return rule ? among(targetIds(rule, ctx.teams)) : [];
    }
  }
}

/** Under the `rules` strategy: the first rule whose conditions hold and whose target has a candidate; null: none. */
export function ruleInForce(candidates: readonly Candidate[], ctx: RoutingContext): RuleDTO | null {
  const ids = new Set(candidates.map((c) => c.id));
  return ctx.rules.find((rule) => ruleMatches(rule, ctx.visitor) && targetIds(rule, ctx.teams).some((id) => ids.has(id))) ?? null;
}

/** Every candidate once, best first. */
export function orderCandidates(candidates: readonly Candidate[], ctx: RoutingContext): Candidate[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const first = [ctx.accountOwner, ctx.lastAgent].flatMap((id) => (id && byId.has(id) ? [byId.get(id)!] : []));
  const ordered = [...first, ...preferred(candidates, ctx), ...roundRobin(candidates)];
  return [...new Map(ordered.map((c) => [c.id, c])).values()];
}

/** The visitor's company domain: the part of the email after @, lower case. */
export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at >= 0 ? email.slice(at + 1).trim().toLowerCase() : null;
}
