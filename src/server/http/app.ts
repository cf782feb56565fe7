import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/connect.ts';
import type { PiiCipher } from '../security/pii-cipher.ts';
import { AppError } from '../services/context.ts';
import { authPlugin } from './plugins/auth.ts';
import { contentTypePlugin } from './plugins/content-type.ts';
import { errorsPlugin, frameworkError } from './plugins/errors.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import { assessmentRoutes } from './routes/assessment.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { ledgerIoRoutes } from './routes/ledger-io.routes.ts';
import { unitRoutes } from './routes/units.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { personRoutes } from './routes/persons.routes.ts';
import { serviceRoutes } from './routes/services.routes.ts';
import { unitWorkRoutes } from './routes/unit-work.routes.ts';
import { vacancyRoutes } from './routes/vacancies.routes.ts';
import type { RegisteredRoute } from './types.ts';

export interface AppOptions {
  handle: DbHandle;
  pii: PiiCipher;
  config: Pick<
    Config,
    'secureCookies' | 'trustProxy' | 'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'webDir' | 'logLevel'
  >;
  /** the clock; tests move it to cross session time limits */
  now?: () => Date;
  /** turn rate limits off for tests that hammer one route on purpose */
  rateLimits?: boolean;
}

export interface JiuyeApp extends FastifyInstance {
  apiRoutes: RegisteredRoute[];
}

/** Builds the whole HTTP application. The process (listen, signals) lives in the CLI's `serve`. */
export async function buildApp(opts: AppOptions): Promise<JiuyeApp> {
  const { config } = opts;
  const now = opts.now ?? (() => new Date());
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // Personal data never reaches the log: no bodies, no cookies, no query strings with numbers.
            redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                method: req.method,
                url: req.url.split('?')[0],
                id: req.id,
              }),
            },
          },
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors: frameworkError,
  }) as unknown as JiuyeApp;
  app.decorate('apiRoutes', [] as RegisteredRoute[]);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its CSS-in-JS into <style> elements
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    ...(opts.rateLimits === false ? { allowList: () => true } : {}),
  });
  await app.register(authPlugin, {
    handle: opts.handle,
    pii: opts.pii,
    now,
    policy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    secureCookies: config.secureCookies,
    routes: app.apiRoutes,
  });
  await app.register(contentTypePlugin);
  await app.register(idempotencyPlugin);
  await app.register(swagger, {
    openapi: {
      info: { title: '就业 Jiuye API', description: '创建充分就业村（社区）工作平台接口', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jiuye_sid' } } },
      security: [{ session: [] }],
    },
    transform: documentUploads,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes);
  await app.register(authRoutes, { secureCookies: config.secureCookies });
  await app.register(unitRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(assessmentRoutes);
  await app.register(dashboardRoutes);
  await app.register(personRoutes);
  // uploads (ledger workbooks): one file, within the importer's own size cap
  await app.register(multipart, {
    limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 10, parts: 11, fieldSize: 1024 },
  });
  await app.register(ledgerIoRoutes);
  // services, unit-level work, the job board (their evidence uploads use the multipart parser above)
  await app.register(serviceRoutes);
  await app.register(unitWorkRoutes);
  await app.register(vacancyRoutes);

  await registerWeb(app, config.webDir);
  return app;
}

/**
 * The zod schemas as JSON Schema, and a form upload (a route that `consumes` multipart/form-data and reads its
 * file itself) documented as such: one `file` field. Without it the document would show such a route as
 * taking no body at all.
 */
const documentUploads: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const consumes = (input.schema as { consumes?: readonly string[] } | undefined)?.consumes;
  if (!consumes?.includes('multipart/form-data') || out.schema.body) return out;
  return {
    ...out,
    schema: {
      ...out.schema,
      body: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary', description: '上传的文件' } },
      },
    },
  };
};

/** The built single-page app: static assets, and index.html for every other non-API path. */
async function registerWeb(app: FastifyInstance, webDir: string) {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><p>网页尚未构建：请运行 <code>npm run build:web</code>。</p>',
        ),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  const html = fs.readFileSync(index);
  const sendIndex = async (_req: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  app.get('/', sendIndex);
  app.get('/assets/*', async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .sendFile(path.join('assets', rel));
  });
  const rootFiles = new Set(fs.readdirSync(webDir).filter((f) => fs.statSync(path.join(webDir, f)).isFile()));
  app.get('/*', async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    if (req.url.startsWith('/api/') || req.url === '/api') throw new AppError('NOT_FOUND', '接口不存在');
    if (rootFiles.has(rel)) return reply.sendFile(rel);
    return sendIndex(req, reply);
  });
}
