import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

// Vite puts a content hash in every file name under assets/, so those never change and may be kept for a year;
// index.html names the current hashes and must be checked again on every visit.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const SHORT = 'public, max-age=3600';

/** Paths that belong to the server, never to the web app: unknown ones get the API's JSON 404. */
const SERVER_PATH = /^\/(api|socket\.io)(\/|$)/;

export interface WebAppOptions {
  /** The built app; defaults to web/dist. */
  root?: string;
}

/**
 * Serves the built React app: files from web/dist (pre-compressed .br/.gz when the browser accepts them),
 * and index.html for any other non-API path so that client-side routes survive a reload.
 * Call it before `http.ready()`.
 */
export function registerWebApp(http: FastifyInstance<any, any, any, any, any>, opts: WebAppOptions = {}) {
  const root = path.resolve(opts.root ?? WEB_DIST);
  http.register(async (app) => {
    if (!existsSync(path.join(root, 'index.html'))) {
      app.get('/*', { schema: { hide: true } }, async (request, reply) => {
        if (SERVER_PATH.test(request.url)) return reply.callNotFound();
        return reply.status(503).type('text/plain; charset=utf-8')
          .send('网页端尚未构建，请运行 npm run build:web\nThe web app is not built yet: run npm run build:web\n');
      });
      return;
    }
    await app.register(fastifyStatic, {
      root,
      serve: false,
      preCompressed: true,
      cacheControl: false,
      dotfiles: 'ignore', // the build's own notes (.build-inputs.json) are not for the browser
      setHeaders: (res, file) => {
        // The file sent may be the pre-compressed copy (index.html.br): its headers are those of the file it stands for.
        const rel = path.relative(root, file).replace(/\.(br|gz)$/, '');
        res.setHeader('vary', 'accept-encoding'); // the same URL may be sent as br, gzip or plain
        res.setHeader('cache-control', rel.startsWith(`assets${path.sep}`) ? IMMUTABLE : rel === 'index.html' ? REVALIDATE : SHORT);
      },
    });
    app.get('/*', { schema: { hide: true } }, (request, reply) => serve(root, request, reply));
  });
}

async function serve(root: string, request: FastifyRequest, reply: FastifyReply) {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  } catch {
    return reply.callNotFound();
  }
  if (SERVER_PATH.test(pathname)) return reply.callNotFound();
  const file = path.resolve(root, `.${path.posix.normalize(pathname)}`);
  if (file.startsWith(root + path.sep) && (await isFile(file))) return reply.sendFile(path.relative(root, file));
  // A missing hashed asset is an old page asking for a previous build: a 404 beats HTML served as script.
  if (pathname.startsWith('/assets/') || path.extname(pathname)) return reply.callNotFound();
  return reply.sendFile('index.html');
}

async function isFile(file: string) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
