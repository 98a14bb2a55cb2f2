import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { serveRelay } from './chat-relays.ts';
import { routingBurst, seedChatShop } from './chat-setup.ts';
import { connectTarget, DRAIN_MS, type Target } from './chat-load.ts';

/**
 * `npm run bench -- chat`: 2,000 buyers in open conversations with 50 agents, each buyer writing and its agent
 * answering. The server runs as `npm start` does (embedded PGlite in a data folder) in a process of its own; this
 * process is the load, with socket.io-client. The same load goes against a plain Socket.IO relay and a bare `ws`
 * relay. Each is stepped up until its p99 buyer→agent delivery passes 50 ms; the highest passing rate counts.
 * Then the routing burst. One JSON line each.
 * To look into Xiaoer alone: `--rates=2000,3000` (buyer messages/s of the steps), `--xiaoer-only`, and BENCH_PROF=DIR
 * for the server's CPU profile.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AGENTS = 50;
const BUYERS = 2000;
const P99_BUDGET_MS = 50;
// Buyer messages per second; each is answered, so twice as many messages are offered.
// Steps of 500 up to 6,000, where the ceilings of all three lie on a two-core machine: with steps of 1,000 there, a
// figure could fall up to a quarter below the rate the server sustains.
const STEPS = [1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 7000, 8000, 9000, 10_000, 12_000, 14_000, 16_000, 20_000];

/** `cpu_us`: CPU time per delivered message, the server's (all its threads) and this load process's. */
interface Step { offered: number; msg_s: number; p50: number; p99: number; rss_mb: number; cpu_us: { server: number; load: number } }

export async function run(args: string[] = []) {
  const quick = args.includes('--quick');
  const rates = args.find((a) => a.startsWith('--rates='));
  const steps = rates ? rates.slice(8).split(',').map(Number) : quick ? STEPS.slice(0, 3) : STEPS;
  const xiaoer = await measureXiaoer(steps, quick ? 2000 : 3000);
  if (args.includes('--xiaoer-only')) return [];
  const socketio = await measureRelay('socketio', steps, quick ? 2000 : 3000);
  const ws = await measureRelay('ws', steps, quick ? 2000 : 3000);
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  const chat = {
    bench: 'chat', persisted_msg_s: Math.round(xiaoer.msg_s), p50_ms: round(xiaoer.p50, 1), p99_ms: round(xiaoer.p99, 1),
    rss_mb: Math.round(xiaoer.rss_mb), socketio_msg_s: Math.round(socketio.msg_s), ws_msg_s: Math.round(ws.msg_s),
    ratio_socketio: round(xiaoer.msg_s / socketio.msg_s), ratio_ws: round(xiaoer.msg_s / ws.msg_s),
    // CPU per message at the counted step: with two cores, 2,000,000 µs/s over the sum is the most that could flow.
    cpu_us_per_msg: { xiaoer_server: xiaoer.cpu_us.server, xiaoer_load: xiaoer.cpu_us.load, socketio_server: socketio.cpu_us.server, socketio_load: socketio.cpu_us.load },
  };
  console.log(JSON.stringify(chat));
  const burst = await routingBurst();
  console.log(JSON.stringify(burst));
  return [chat, burst];
}

async function measureXiaoer(steps: number[], stepMs: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'xiaoer-bench-'));
  try {
    const database = await openDatabase({ dataDir });
    await migrate(database);
    const seeded = await seedChatShop(database, { agents: AGENTS, buyers: BUYERS, limit: BUYERS / AGENTS + 10 });
    await database.close();
    const port = await freePort();
    const server = startProcess(['--import', 'tsx', 'src/main.ts', 'start', '--port', String(port)], {
      XIAOER_DATA_DIR: dataDir, LOG_LEVEL: 'warn', XIAOER_ROUTING_SWEEP_MS: '600000', PORT: String(port),
      // Each simulated buyer writes several times a second and each agent answers forty of them: a limit far above
      // that, so the limiter runs on every message (its cost is measured) without refusing any.
      XIAOER_CHAT_RATE_BUYER_MESSAGES: '1000000', XIAOER_CHAT_RATE_AGENT_MESSAGES: '1000000', XIAOER_CHAT_RATE_WINDOW_MS: '1000',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000);
      const target = await connectTarget({ kind: 'xiaoer', base: `http://127.0.0.1:${port}`, seeded, agents: AGENTS, buyers: BUYERS });
      return await ladder(target, server, steps, stepMs);
    } finally {
      await stopProcess(server);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureRelay(kind: 'socketio' | 'ws', steps: number[], stepMs: number) {
  const port = await freePort();
  const server = startProcess(['--import', 'tsx', 'bench/chat.ts', '--serve-relay', kind, '--port', String(port)], {});
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 30_000, true);
    const target = await connectTarget({ kind, base: `http://127.0.0.1:${port}`, agents: AGENTS, buyers: BUYERS });
    return await ladder(target, server, steps, stepMs);
  } finally {
    await stopProcess(server);
  }
}

/** Steps the offered rate up until the p99 budget or the rate itself is missed; returns the best passing step. */
async function ladder(target: Target, server: ChildProcess, steps: number[], stepMs: number): Promise<Step> {
  let best: Step | undefined;
  let first: Step | undefined;
  try {
    // Just after its 2,050 sockets connected, a server still compiles its hot code and collects what the connections
    // left (the first step cost Xiaoer 420–470 µs of CPU per message, the next 270): one step runs unmeasured first.
    await target.step(steps[0], stepMs);
    for (const buyerRate of steps) {
      let step: Step | undefined;
      // A step that misses is run once more before it counts: one stall of a shared machine is not a ceiling.
      for (let attempt = 0; attempt < 2 && !(step && passes(step)); attempt++) {
        const cpuBefore = { server: cpuMs(server.pid!), load: process.cpuUsage() };
        const started = performance.now();
        const r = await target.step(buyerRate, stepMs);
        // Messages flow at the counted rate for the whole step but its drain.
        const delivered = (r.msgPerSecond * (performance.now() - started - DRAIN_MS)) / 1000;
        const perMsg = (ms: number) => Math.round((ms * 1000) / Math.max(1, delivered));
        const load = process.cpuUsage(cpuBefore.load);
        step = {
          offered: buyerRate * 2, msg_s: r.msgPerSecond, p50: r.p50, p99: r.p99, rss_mb: rssMb(server.pid!),
          cpu_us: { server: perMsg(cpuMs(server.pid!) - cpuBefore.server), load: perMsg((load.user + load.system) / 1000) },
        };
        if (process.env.BENCH_VERBOSE) console.error(target.kind, JSON.stringify(step));
      }
      first ??= step;
      if (!passes(step!)) break;
      if (!best || step!.msg_s > best.msg_s) best = step;
    }
  } finally {
    await target.close();
  }
  // Even the lowest rate missing the budget is a result too: its figures are reported as they are.
  return best ?? first!;
}

function freePort() {
  return new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const passes = (s: Step) => s.p99 <= P99_BUDGET_MS && s.msg_s >= 0.9 * s.offered;

/** CPU time a process has used so far, all its threads (/proc/PID/stat: utime and stime, in clock ticks of 10 ms). */
function cpuMs(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function startProcess(args: string[], env: Record<string, string>) {
  // BENCH_PROF=DIR writes each server's CPU profile there when it stops.
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : [];
  const child = spawn(process.execPath, [...prof, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (code && !signal) console.error(`bench: server ${args.join(' ')} exited with ${code}`);
  });
  return child;
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHttp(url: string, timeoutMs: number, anyStatus = false) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (anyStatus || res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

const invoked = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invoked) {
  const argv = process.argv.slice(2);
  const relay = argv.indexOf('--serve-relay');
  if (relay >= 0) {
    await serveRelay(argv[relay + 1] as 'socketio' | 'ws', Number(argv[argv.indexOf('--port') + 1]), AGENTS);
  } else {
    await run(argv);
    process.exit(0);
  }
}

export default run;
