/**
 * `npm run cluster [-- N]`: N server processes (default 3) on this machine, on ports PORT, PORT+1, …
 * (PORT defaults to 3000), sharing the local PostgreSQL database `switchboard` (created if missing;
 * DATABASE_URL overrides) and the local Redis (REDIS_URL overrides). Ctrl+C stops them all (SIGTERM,
 * so each leaves gracefully). The demo website is on every port; put a load balancer in front for
 * one address (docs/DEPLOY.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';

const count = Number(process.argv[2] ?? 3);
if (!Number.isInteger(count) || count < 1 || count > 32) {
  console.error('usage: npm run cluster -- [number of processes, 1-32]');
  process.exit(2);
}
const basePort = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/switchboard';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ports = Array.from({ length: count }, (_, i) => basePort + i);
const siteOrigins = process.env.SITE_ORIGINS ?? ports.flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`]).join(',');

async function ensureDatabase(): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  try {
    await admin.connect();
  } catch {
    console.error(`PostgreSQL is not reachable at ${url.host}: start it (see docs/DEPLOY.md) or set DATABASE_URL.`);
    process.exit(1);
  }
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await admin.query(`create database "${name.replaceAll('"', '""')}"`);
  await admin.end();
}

await ensureDatabase();
const children: ChildProcess[] = [];
const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, SITE_ORIGINS: siteOrigins };
// the first one migrates the database and creates the demo agent; the others start once it listens
for (const [i, port] of ports.entries()) {
  const child = spawn(process.execPath, ['server/src/index.ts'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(i === 0 ? chunk : chunk.toString().split('\n').filter((l) => l.startsWith('Switchboard server')).map((l) => `${l}\n`).join('')));
  child.on('exit', (code, signal) => {
    console.log(`process on port ${port} exited (${signal ?? code})`);
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0);
  });
  await new Promise<void>((resolve) => {
    const listening = (chunk: Buffer) => {
      if (chunk.toString().includes('Switchboard server')) {
        child.stdout?.off('data', listening);
        resolve();
      }
    };
    child.stdout?.on('data', listening);
    child.once('exit', () => resolve());
  });
}
console.log(`${count} processes share ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname} and Redis at ${new URL(redisUrl).host}. Ctrl+C stops them.`);
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
