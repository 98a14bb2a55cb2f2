import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createApp, type XiaoerApp } from '../../../src/app.ts';
import { MemoryBus } from '../../../src/bus/memory-bus.ts';
import { loadConfig } from '../../../src/config.ts';
import { installErrorHandler } from '../../../src/http/error-handler.ts';
import { registerWebApp } from '../../../src/http/web.ts';
import { testDatabase } from '../../support/harness.ts';

export interface WebServer {
  app: XiaoerApp;
  url: string;
  close(): Promise<void>;
}

const SERVER_PATH = /^\/(api|socket\.io)(\/|\?|$)/;

/**
 * The whole app on a free loopback port, serving the built web app beside the API, with the real clock
 * (a browser shows times as they are). The build is refreshed first when its sources changed.
 */
export async function startWebServer(): Promise<WebServer> {
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
  const app = await createApp({
    config: loadConfig({ logLevel: 'silent', signupsPerMinute: 100_000 }, {}),
    database: await testDatabase(),
    bus: new MemoryBus(),
  });
  let server: Server;
  if (app.http.hasRoute({ method: 'GET', url: '/*' })) {
    // src/app.ts registers the web app itself: serve it exactly as `npm start` does.
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    server = app.http.server;
  } else {
    // The app is sealed once created, so the web app gets an instance of its own and one server routes to both.
    const web = Fastify({ logger: false });
    installErrorHandler(web);
    registerWebApp(web);
    await web.ready();
    server = createServer((req, res) => (SERVER_PATH.test(req.url ?? '') ? app.http : web).routing(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  const { port } = server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (server !== app.http.server) await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
