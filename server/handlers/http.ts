/** The HTTP side: sign-in, refresh and sign-out for agents, anonymous sessions for visitors, the demo page and widget. */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { LOCALES } from '../../protocol/locales.ts';
import { loginSchema, logoutSchema, refreshSchema, visitorSessionSchema } from '../../protocol/schemas.ts';
import type { LoginResult, TokenPair } from '../../protocol/dto.ts';
import type { Db } from '../db/schema.ts';
import { normalizeEmail, toAgentDTO } from '../db/users.ts';
import { revokeAgentSession, rotateRefreshToken, sessionOfToken, startAgentSession } from '../services/agent-sessions.ts';
import { checkCredentials } from '../services/auth.ts';
import { LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, type Limits } from '../services/rate-limit.ts';
import { ADMIN_PREFIX } from './admin-http.ts';
import type { OriginCheck, SiteOrigins } from '../services/site-origins.ts';
import { visitorSession, visitorSessionValid } from '../services/visitor-session.ts';
import type { Clock } from '../src/clock.ts';
import type { AppConfig } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import {
  applyCors,
  bearerToken,
  clientIp,
  HttpError,
  readJsonBody,
  sendEmpty,
  sendJson,
  setSecurityHeaders,
} from './http-io.ts';

const DEMO_PAGE = resolve(import.meta.dirname, '../widget/demo.html');

/** How long a sign-in to an account with many recent wrong passwords waits before it is checked. */
export const ACCOUNT_SLOWDOWN_MS = 2_000;

export interface HttpDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<AppConfig, 'agentOrigins' | 'widgetDir' | 'trustProxy' | 'visitorLimits' | 'accessTokenTtlMs' | 'passwordHashCost'>;
  limits: Limits;
  /** where the widget may run (services/site-origins.ts) */
  siteOrigins: SiteOrigins;
  /** waits before answering a sign-in to an account under attack (injected so tests need not wait) */
  sleep(ms: number): Promise<void>;
  /** what /readyz reports: every part must be true for the process to take traffic */
  readiness(): Promise<Record<string, boolean>>;
  /** closes the sockets of a sign-in that was just revoked, on every process */
  onSessionRevoked(sessionId: string): void;
  /** serves everything under ADMIN_PREFIX */
  admin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createHttpHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  // the widget on a page outside SITE_ORIGINS reads its 403 and stays hidden instead of retrying forever
  const READABLE_REFUSAL = { readableRefusal: true };
  const api = (allowed: readonly string[] | OriginCheck, handle: Route, cors: { readableRefusal?: boolean } = {}): Route => async (req, res) => {
    const admitted = await applyCors(req, res, allowed, cors);
    // a readable refusal lets the preflight through: the POST that follows is the one refused
    if (req.method === 'OPTIONS' && (admitted || cors.readableRefusal)) return sendEmpty(res, 204);
    if (!admitted) return sendJson(res, 403, { error: 'forbidden' });
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
    await handle(req, res);
  };

  const routes: Record<string, Route> = {
    '/api/auth/login': api(deps.config.agentOrigins, async (req, res) => {
      const parsed = loginSchema.safeParse(await readJsonBody(req));
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid_payload' });
      const address = clientIp(req, deps.config.trustProxy);
      const account = normalizeEmail(parsed.data.email);
      const { limits } = deps;
      if ((await limits.used(LOGIN_FAILURES_PER_ADDRESS, address)) >= LOGIN_FAILURES_PER_ADDRESS.max) {
        return sendJson(res, 429, { error: 'rate_limited' });
      }
      // an account under attack answers slowly, to everyone: guessing gets slow, the right password still works
      if ((await limits.used(LOGIN_FAILURES_PER_ACCOUNT, account)) >= LOGIN_FAILURES_PER_ACCOUNT.max) await deps.sleep(ACCOUNT_SLOWDOWN_MS);
      const user = await checkCredentials(deps.db, parsed.data.email, parsed.data.password, deps.config.passwordHashCost);
      if (!user) {
        await Promise.all([limits.take(LOGIN_FAILURES_PER_ADDRESS, address), limits.take(LOGIN_FAILURES_PER_ACCOUNT, account)]);
        return sendJson(res, 401, { error: 'unauthorized' });
      }
      await limits.reset(LOGIN_FAILURES_PER_ACCOUNT, account);
      const pair = await startAgentSession(deps.db, deps.clock, user.id, deps.config.accessTokenTtlMs);
      const result: LoginResult = { ...pair, agent: toAgentDTO(user, deps.clock.now()) };
      sendJson(res, 200, result);
    }),
    '/api/auth/refresh': api(deps.config.agentOrigins, async (req, res) => {
      const parsed = refreshSchema.safeParse(await readJsonBody(req));
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid_payload' });
      const outcome = await rotateRefreshToken(deps.db, deps.clock, parsed.data.refreshToken, deps.config.accessTokenTtlMs);
      if (outcome.kind === 'reused') {
        deps.logger.warn('a retired refresh token was presented again; its sign-in is revoked', {
          agentId: outcome.agentId,
          sessionId: outcome.sessionId,
        });
        deps.onSessionRevoked(outcome.sessionId);
      }
      if (outcome.kind !== 'rotated') return sendJson(res, 401, { error: 'unauthorized' });
      const result: TokenPair = outcome.pair;
      sendJson(res, 200, result);
    }),
    '/api/auth/logout': api(deps.config.agentOrigins, async (req, res) => {
      const parsed = logoutSchema.safeParse(await readJsonBody(req, { optional: true }));
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid_payload' });
      const token = parsed.data.refreshToken ?? bearerToken(req);
      if (!token) return sendJson(res, 401, { error: 'unauthorized' });
      const sessionId = await sessionOfToken(deps.db, token);
      if (sessionId) {
        await revokeAgentSession(deps.db, sessionId);
        deps.onSessionRevoked(sessionId);
      }
      sendEmpty(res, 204);
    }),
    '/api/visitor/session': api(deps.siteOrigins.allows, async (req, res) => {
      const parsed = visitorSessionSchema.safeParse(await readJsonBody(req));
      if (!parsed.success) return sendJson(res, 400, { error: 'invalid_payload' });
      // a page reload keeps its session; only new ones count against the address
      const fresh = !parsed.data.token || !(await visitorSessionValid(deps.db, deps.clock, parsed.data.token));
      if (fresh && !(await deps.limits.take(deps.config.visitorLimits.sessionsPerAddress, clientIp(req, deps.config.trustProxy)))) {
        return sendJson(res, 429, { error: 'rate_limited' });
      }
      sendJson(res, 200, await visitorSession(deps.db, deps.clock, parsed.data.token));
    }, READABLE_REFUSAL),
    // liveness: the process answers; a load balancer restarts it when this fails
    '/healthz': async (_req, res) => sendJson(res, 200, { status: 'ok' }),
    // readiness: the database (and Redis) answer and the process is not shutting down
    '/readyz': async (_req, res) => {
      const checks = await deps.readiness();
      sendJson(res, Object.values(checks).every(Boolean) ? 200 : 503, checks);
    },
    '/': staticFile(() => DEMO_PAGE, 'text/html; charset=utf-8', 'The demo page server/widget/demo.html is missing.'),
    '/widget.js': staticFile(
      () => join(deps.config.widgetDir, 'widget.js'),
      'text/javascript; charset=utf-8',
      'The widget is not built yet: run `npm run build:widget`.',
    ),
    // public texts every site's widget fetches for its visitor's language
    ...Object.fromEntries(
      LOCALES.filter((locale) => locale !== 'en').map((locale) => [
        `/widget/locales/${locale}.json`,
        staticFile(
          () => join(deps.config.widgetDir, 'locales', `${locale}.json`),
          'application/json; charset=utf-8',
          'The widget is not built yet: run `npm run build:widget`.',
          { 'Access-Control-Allow-Origin': '*' },
        ),
      ]),
    ),
  };

  return (req, res) => {
    setSecurityHeaders(res);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const admin: Route | undefined = path.startsWith(ADMIN_PREFIX) ? (rq, rs) => deps.admin(rq, rs, path) : undefined;
    const route = admin ?? (Object.hasOwn(routes, path) ? routes[path] : undefined);
    if (!route) return sendJson(res, 404, { error: 'not_found' });
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.code });
      deps.logger.error('http request failed', { path, error });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.destroy();
    });
  };
}

/** Read on every request so a rebuilt widget is served without a restart; missing → 503 with a hint. */
function staticFile(path: () => string, contentType: string, missingHint: string, headers: Record<string, string> = {}): Route {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' });
    let body: Buffer;
    try {
      body = await readFile(path());
    } catch {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`${missingHint}\n`);
      return;
    }
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
    res.writeHead(200, { ...headers, 'Content-Type': contentType, 'Cache-Control': 'no-cache', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
