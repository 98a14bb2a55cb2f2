import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderReport } from './report.ts';

/**
 * `npm run bench -- NAME [args]` runs bench/NAME.ts; `npm run bench [-- args]` runs every benchmark in turn.
 * A benchmark is a file named with letters and digits only (`chat.ts`); `chat-load.ts` and the like are its parts.
 * Each runs in a process of its own, as it would alone, and prints its JSON lines on stdout. A run of every benchmark
 * also writes bench/REPORT.md, the figures beside their targets.
 */
const DIR = fileURLToPath(new URL('.', import.meta.url));

const benches = () =>
  readdirSync(DIR)
    .filter((f) => /^[a-z0-9]+\.ts$/.test(f) && f !== 'run.ts' && f !== 'report.ts')
    .map((f) => f.slice(0, -3))
    .sort();

const lines: Parameters<typeof renderReport>[0] = [];

function runOne(name: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    // The same node with the same loader (tsx) as this process; its lines are passed on and kept for the report.
    const child = spawn(process.execPath, [...process.execArgv, `${DIR}${name}.ts`, ...args], { stdio: ['inherit', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop()!;
      for (const part of parts) {
        try {
          const line = JSON.parse(part);
          if (line && typeof line.bench === 'string') lines.push(line);
        } catch {
          // not a figure line
        }
      }
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith('-');
if (named && !existsSync(`${DIR}${first}.ts`)) {
  console.error(`No benchmark "${first}". Available: ${benches().join(', ')}`);
  process.exit(2);
}
const names = named ? [first] : benches();
const args = named ? rest : process.argv.slice(2);
let failed = 0;
const started = new Date();
for (const name of names) {
  console.error(`\n== bench ${name} ==`);
  const code = await runOne(name, args);
  if (code !== 0) {
    console.error(`bench ${name} exited with ${code}`);
    failed++;
  }
}
if (!named) {
  const cores = cpus().length;
  const machine = `${cores} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  writeFileSync(`${DIR}REPORT.md`, renderReport(lines, { started, seconds: (Date.now() - started.getTime()) / 1000, args, machine, cores }));
  console.error(`\nwrote bench/REPORT.md (${lines.length} lines)`);
}
process.exit(failed ? 1 : 0);
