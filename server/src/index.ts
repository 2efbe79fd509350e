/** Starts the service: reads the environment, builds the app, listens, prints how to try it. */
import { resolve } from 'node:path';
import { createApp, type App } from './app.ts';
import { systemClock } from './clock.ts';
import { loadConfig, type AppConfig } from './config.ts';
import { ensureDemoAgent } from './demo-agent.ts';

const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
/** beyond SHUTDOWN_GRACE_MS, what closing the database and Redis may take */
const FORCED_EXIT_AFTER_MS = 5_000;

/** `npm start` asks for the demo agent (`--demo`, or DEMO=1); a production start never makes one. */
function demoWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--demo') || env.DEMO === '1';
}

async function demoAgentFor(config: AppConfig, app: App) {
  if (config.databaseUrl) {
    console.log('No demo agent on PostgreSQL: create agents with `npm run admin -- create-agent`.');
    return null;
  }
  return ensureDemoAgent(app.db, systemClock, config.dataDir, config.passwordHashCost);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  const demo = demoWanted(process.argv, process.env) ? await demoAgentFor(config, app) : null;
  const { port, url } = await app.listen();

  const lines = [
    `Switchboard server:  ${url}`,
    `Demo website:        http://localhost:${port}/`,
    `Extension folder:    ${EXTENSION_DIR}  (chrome://extensions → Developer mode → Load unpacked)`,
  ];
  if (demo) lines.push(`Demo agent sign-in:  ${demo.email}  /  ${demo.password}`);
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: shutting down`);
    // a shutdown that hangs (a connection that never ends) must not keep a deploy waiting forever
    setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + FORCED_EXIT_AFTER_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
