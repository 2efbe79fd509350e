/** An admin signed in with a connected /agent socket, and a short way to read the audit log. */
import type { AuditListInput } from '../../protocol/admin.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { createAgent } from '../../server/services/agents.ts';
import { listAudit } from '../../server/services/audit.ts';
import { PASSWORD, type AgentClient, type Harness, type TestAgent } from './helpers.ts';

let admins = 0;

export async function onlineAdmin(h: Harness, name = 'Boss'): Promise<TestAgent & { client: AgentClient }> {
  admins += 1;
  const email = `admin${admins}@example.test`;
  const { agent } = await createAgent(h.app.db, h.clock, { email, name, role: 'admin', password: PASSWORD }, h.config.passwordHashCost);
  const { accessToken, refreshToken } = await startAgentSession(h.app.db, h.clock, agent.id, h.config.accessTokenTtlMs);
  return { agent, email, token: accessToken, refreshToken, client: await h.connectAgent(accessToken) };
}

/** The audit entries matching the filter, newest first. */
export async function auditEntries(h: Harness, filter: AuditListInput = {}) {
  return (await listAudit(h.app.db, { limit: 200, ...filter })).items;
}
