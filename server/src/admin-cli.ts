/** The admin commands behind `npm run admin -- <command>`; returns what to print, throws AdminError. */
import { parseArgs } from 'node:util';
import type { Db } from '../db/schema.ts';
import { AdminError, createAgent, listAgents, setAgentDisabled } from '../services/agents.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { ROUTING_HELP, ROUTING_OPTIONS, runRoutingCommand } from './admin-routing-cli.ts';
import type { Clock } from './clock.ts';
import { loadConfig, type AppConfig } from './config.ts';

export const ADMIN_HELP = `Usage: npm run admin -- <command> [options]

Commands:
  create-agent --email E --name N [--admin] [--password P]
                         create an agent (prints a generated password when none is given)
  disable --email E      stop an agent from signing in; ends their sessions
  enable --email E       allow a disabled agent again
  list                   show all agents

${ROUTING_HELP}

Uses the same settings as the server: DATA_DIR, or DATABASE_URL for PostgreSQL.`;

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  admin: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...ROUTING_OPTIONS,
} as const;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new AdminError(`missing --${flag}`);
  return value;
}

export function wantsHelp(args: readonly string[]): boolean {
  return args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help';
}

/** `config` gives the routing settings' defaults and the password hash cost (the server's environment). */
export async function runAdminCommand(
  args: readonly string[],
  db: Db,
  clock: Clock,
  config: ServiceDeps['config'] & Pick<AppConfig, 'passwordHashCost'> = loadConfig({}),
): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AdminError(error instanceof Error ? error.message : String(error));
  }
  const { positionals, values } = parsed;
  const [name, ...extra] = positionals;
  if (extra.length > 0) throw new AdminError(`unexpected argument: ${extra[0]}`);
  switch (name) {
    case 'create-agent': {
      const { agent, password } = await createAgent(
        db,
        clock,
        {
          email: required(values.email, 'email'),
          name: required(values.name, 'name'),
          role: values.admin ? 'admin' : 'agent',
          password: values.password,
        },
        config.passwordHashCost,
      );
      const created = `created ${agent.role} ${agent.email} (${agent.name})`;
      return values.password ? created : `${created}\npassword: ${password}`;
    }
    case 'disable':
      return `disabled ${(await setAgentDisabled(db, clock, required(values.email, 'email'), true)).email}`;
    case 'enable':
      return `enabled ${(await setAgentDisabled(db, clock, required(values.email, 'email'), false)).email}`;
    case 'list': {
      const agents = await listAgents(db, clock);
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
