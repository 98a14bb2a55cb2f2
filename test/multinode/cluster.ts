import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A real server process, as `npm start` runs one, on the run's PostgreSQL database and Redis. */
export class Node {
  child!: ChildProcess;
  constructor(readonly port: number, private readonly env: Record<string, string>) {}

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--port', String(this.port)], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    this.child.stderr!.on('data', (d) => (stderr += d));
    const until = Date.now() + 40_000;
    while (Date.now() < until) {
      if (this.child.exitCode !== null) throw new Error(`node on ${this.port} exited: ${stderr}`);
      try {
        if ((await fetch(`${this.base}/api/health`)).ok) return this;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`node on ${this.port} did not start: ${stderr}`);
  }

  /** SIGKILL: no shutdown code runs, as when a machine dies. */
  async kill(signal: NodeJS.Signals = 'SIGKILL') {
    if (this.child.exitCode !== null || this.child.signalCode) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }
}

export async function freePort() {
  return new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Nodes of one deployment: one database, one Redis, and Redis keys of their own so that runs stay apart. */
export async function cluster(count: number, extra: Record<string, string> = {}) {
  const env = {
    DATABASE_URL: inject('pgUrl'),
    REDIS_URL: process.env.TEST_REDIS_URL!,
    XIAOER_REDIS_PREFIX: `xiaoer-test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
    XIAOER_SIGNUPS_PER_MINUTE: '100000',
    ...extra,
  };
  const nodes = await Promise.all(Array.from({ length: count }, async () => new Node(await freePort(), env).start()));
  return nodes;
}

/** A browser's session against any node: cookies live in the database, so every node honours them. */
export class HttpClient {
  cookie = '';
  constructor(private base: string) {}

  async call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const json = await res.json().catch(() => undefined);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as any;
  }
}

const PASSWORD = 'secret-pass-1';
const unique = (p: string) => `${p}${randomBytes(4).toString('hex')}`;

export async function signUpShop(base: string) {
  const owner = new HttpClient(base);
  const name = unique('mn');
  await owner.call('POST', '/api/shops', { name, type: 'C', password: PASSWORD });
  return { owner, name };
}

export async function addAgent(base: string, shop: { owner: HttpClient; name: string }, role = 'service') {
  const sub = unique('a');
  const { account } = await shop.owner.call('POST', '/api/accounts', { name: sub, role, password: PASSWORD });
  const client = new HttpClient(base);
  await client.call('POST', '/api/auth/login', { account: `${shop.name}:${sub}`, password: PASSWORD });
  return { id: account.id as number, client };
}

export async function addBuyer(base: string) {
  const client = new HttpClient(base);
  const nick = unique('b');
  const { buyer } = await client.call('POST', '/api/buyer/signup', { nick, password: PASSWORD });
  return { id: buyer.id as number, nick, client };
}
