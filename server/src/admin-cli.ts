/** The admin commands behind `npm run admin -- <command>`; returns what to print, throws AdminError. */
import { parseArgs } from 'node:util';
import { agentUpdateSchema } from '../../protocol/admin.ts';
import type { Db } from '../db/schema.ts';
import { AdminError } from '../services/agents.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { agentIdByEmail, createAgentAccount, listAgentStates, resetAgentPassword, setAgentDisabled, updateAgent, type PeopleDeps } from '../services/people.ts';
import { presenceReader } from '../services/presence.ts';
import { ROUTING_HELP, ROUTING_OPTIONS, runRoutingCommand } from './admin-routing-cli.ts';
import type { Clock } from './clock.ts';
import { loadConfig, type AppConfig } from './config.ts';
import { readPassword } from './password-input.ts';

export const ADMIN_HELP = `Usage: npm run admin -- <command> [options]

Commands:
  create-agent --email E --name N [--admin] [--password-stdin]
                         create an agent; prints a generated password, or with --password-stdin
                         takes one: the first line piped in, or typed twice at a hidden prompt
  update-agent --email E [--name N] [--role agent|admin] [--max-chats N|default]
                         rename an agent, change their role (the last enabled admin keeps theirs) or
                         their own capacity (1 to 50 chats at once; default: the capacity setting)
  reset-password --email E
                         prints a new generated password; ends the agent's sign-ins
  disable --email E      stop an agent from signing in; ends their sessions
  enable --email E       allow a disabled agent again
  list                   show all agents

Every change is written to the audit log, with no actor (the shell).

${ROUTING_HELP}

Uses the same settings as the server: DATA_DIR, or DATABASE_URL for PostgreSQL.`;

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  admin: { type: 'boolean' },
  role: { type: 'string' },
  'max-chats': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...ROUTING_OPTIONS,
} as const;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new AdminError(`missing --${flag}`);
  return value;
}

/** Anything on the command line is visible to every user of the machine (ps) and kept in shell history. */
const PASSWORD_IN_ARGS =
  '--password is not accepted: leave it out to get a generated password, or give --password-stdin and pipe the password in (or type it at the prompt)';

export function wantsHelp(args: readonly string[]): boolean {
  return args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help';
}

/**
 * `config` gives the routing settings' defaults and the password hash cost (the server's environment);
 * `password` reads the one asked for with --password-stdin.
 */
export async function runAdminCommand(
  args: readonly string[],
  db: Db,
  clock: Clock,
  config: ServiceDeps['config'] & Pick<AppConfig, 'passwordHashCost'> = loadConfig({}),
  password: () => Promise<string> = () => readPassword(),
): Promise<string> {
  if (args.some((arg) => arg === '--password' || arg.startsWith('--password='))) throw new AdminError(PASSWORD_IN_ARGS);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AdminError(error instanceof Error ? error.message : String(error));
  }
  const { positionals, values } = parsed;
  const [name, ...extra] = positionals;
  if (extra.length > 0) throw new AdminError(`unexpected argument: ${extra[0]}`);
  const people: PeopleDeps = { db, clock, config, presence: presenceReader(clock) };
  const agentId = () => agentIdByEmail(db, required(values.email, 'email'));
  switch (name) {
    case 'create-agent': {
      const email = required(values.email, 'email');
      const name = required(values.name, 'name');
      const given = values['password-stdin'] ? await password() : undefined;
      const role = values.admin ? 'admin' : 'agent';
      const created = (await createAgentAccount(people, null, { email, name, role, password: given })).result;
      const line = `created ${created.agent.role} ${created.agent.email} (${created.agent.name})`;
      return given === undefined ? `${line}\npassword: ${created.password}` : line;
    }
    case 'update-agent': {
      const maxChats = values['max-chats'] === undefined ? undefined : values['max-chats'] === 'default' ? null : Number(values['max-chats']);
      const change = agentUpdateSchema.safeParse({ agentId: await agentId(), name: values.name, role: values.role, maxChats });
      if (!change.success) throw new AdminError('give --name (1 to 120 characters), --role agent|admin and/or --max-chats 1-50|default');
      const agent = (await updateAgent(people, null, change.data)).result;
      return `updated ${agent.role} ${agent.email} (${agent.name})`;
    }
    case 'reset-password': {
      const reset = (await resetAgentPassword(people, null, await agentId())).result;
      return `new password for ${reset.agent.email}: ${reset.password}`;
    }
    case 'disable':
      return `disabled ${(await setAgentDisabled(people, null, await agentId(), true)).result.email}`;
    case 'enable':
      return `enabled ${(await setAgentDisabled(people, null, await agentId(), false)).result.email}`;
    case 'list': {
      const agents = await listAgentStates(people);
      if (agents.length === 0) return 'no agents';
      return agents
        .map((a) => `${a.email}\t${a.name}\t${a.role}\t${a.disabled ? 'disabled' : 'enabled'}\t${a.activeChats} active`)
        .join('\n');
    }
    default: {
      const routing = name ? await runRoutingCommand(name, values, db, clock, config) : null;
      if (routing === null) throw new AdminError(`unknown command: ${name ?? ''} (see --help)`);
      return routing;
    }
  }
}
