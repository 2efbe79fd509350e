/** A chat with a group-commit writer of the test's own, whose batches the test releases by hand. */
import type { Actor } from '../../server/services/conversations.ts';
import { createMessageWriter, type Scheduler, type WriterDeps } from '../../server/services/message-writer.ts';
import { activeChat, type Harness } from './helpers.ts';

/**
 * A scheduler the test fires by hand, so batch boundaries are deterministic. Its clock stands still
 * unless the test moves it (`time`); `waits` lists the wait asked for each timer.
 */
export function manualScheduler(): Scheduler & { fire(): void; pending: number; time: number; waits: number[] } {
  let tasks: Array<() => void> = [];
  let time = 0;
  const waits: number[] = [];
  // closures, not `this`: the writer may hold on to `now` or `schedule` on their own
  return {
    get time() {
      return time;
    },
    set time(ms: number) {
      time = ms;
    },
    waits,
    now: () => time,
    schedule(fn, ms) {
      waits.push(ms);
      tasks.push(fn);
      return () => {
        tasks = tasks.filter((t) => t !== fn);
      };
    },
    fire() {
      const due = tasks;
      tasks = [];
      for (const t of due) t();
    },
    get pending() {
      return tasks.length;
    },
  };
}

export function servicesOf(h: Harness): WriterDeps {
  return { db: h.app.db, clock: h.clock };
}

export async function writerFixture(h: Harness) {
  const { client: agentClient, agent } = await h.onlineAgent('Ada');
  const chat = await activeChat(h, agentClient);
  // what the chat's start told the agent has arrived, so a test that listens from here hears only its own sends
  await agentClient.flush();
  const conv = await h.app.db.selectFrom('conversations').selectAll().where('id', '=', chat.conversationId).executeTakeFirstOrThrow();
  const agentRow = await h.app.db.selectFrom('users').selectAll().where('id', '=', agent.id).executeTakeFirstOrThrow();
  const visitor: Actor = { kind: 'visitor', visitorId: conv.visitor_id };
  const agentActor: Actor = { kind: 'agent', agent: agentRow };
  const commits: number[] = [];
  const scheduler = manualScheduler();
  const writer = createMessageWriter(servicesOf(h), { scheduler, onCommit: (n) => commits.push(n) });
  return { conversationId: chat.conversationId, visitor, agentActor, agentClient, writer, commits, scheduler };
}

