/**
 * "Which agent would get this chat?" for the rules editor: the routing of a sample visitor and page,
 * decided by the same code as real routing (routing.ts, strategies.ts) over the same data, and
 * nothing written: no offer, no claim, no round-robin turn taken.
 */
import type { RulesTestInput, RulesTestResult } from '../../protocol/admin.ts';
import type { ServiceDeps } from './deps.ts';
import { candidatesNow, routingContextFor } from './routing.ts';
import { emailDomain, orderCandidates, ruleInForce, ruleMatches } from './strategies.ts';

export async function previewRouting(deps: Pick<ServiceDeps, 'db' | 'clock' | 'config' | 'presence'>, input: RulesTestInput): Promise<RulesTestResult> {
  const { db } = deps;
  const email = input.visitor.email || null;
  const visitor = {
    name: input.visitor.name || null,
    email,
    emailDomain: emailDomain(email),
    jobTitle: input.visitor.jobTitle || null,
    crmStatus: input.visitor.crmStatus || null,
    pageUrl: input.pageUrl || null,
  };
  // a sample visitor has chatted with nobody before
  const ctx = await routingContextFor(db, input.siteKey ?? null, visitor, null);
  const candidates = await candidatesNow(db, deps);
  const ordered = orderCandidates(candidates, ctx);
  const names = new Map(
    ordered.length === 0
      ? []
      : (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ordered.map((c) => c.id)).execute()).map((u) => [u.id, u.name]),
  );
  const order = ordered.map((c) => ({ id: c.id, name: names.get(c.id) ?? '' }));
  return {
    strategy: ctx.strategy,
    matchingRules: ctx.rules.filter((rule) => ruleMatches(rule, visitor)),
    ruleUsed: ctx.strategy.kind === 'rules' ? ruleInForce(candidates, ctx) : null,
    accountOwnerId: ctx.accountOwner,
    firstAgent: order[0] ?? null,
    order,
  };
}
