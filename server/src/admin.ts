/** `npm run admin -- <command>`: manage agents from a shell, against the server's database. */
import { openDatabase } from '../db/connect.ts';
import { AdminError } from '../services/agents.ts';
import { ADMIN_HELP, runAdminCommand, wantsHelp } from './admin-cli.ts';
import { systemClock } from './clock.ts';
import { loadConfig } from './config.ts';

async function main(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    console.log(ADMIN_HELP);
    return 0;
  }
  const config = loadConfig(process.env);
  const database = await openDatabase(config);
  try {
    console.log(await runAdminCommand(args, database.db, systemClock, config));
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof AdminError || error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    process.exit(error instanceof AdminError ? 2 : 1);
  },
);
