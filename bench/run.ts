import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench -- NAME [args]` runs bench/NAME.ts; `npm run bench [-- args]` runs every benchmark in turn.
 * A benchmark is a file named with letters and digits only (`chat.ts`); `chat-load.ts` and the like are its parts.
 * Each runs in a process of its own, as it would alone, and prints its JSON lines on stdout.
 */
const DIR = fileURLToPath(new URL('.', import.meta.url));

const benches = () =>
  readdirSync(DIR)
    .filter((f) => /^[a-z0-9]+\.ts$/.test(f) && f !== 'run.ts')
    .map((f) => f.slice(0, -3))
    .sort();

function runOne(name: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    // The same node with the same loader (tsx) as this process.
    const child = spawn(process.execPath, [...process.execArgv, `${DIR}${name}.ts`, ...args], { stdio: 'inherit' });
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
for (const name of names) {
  console.error(`\n== bench ${name} ==`);
  const code = await runOne(name, args);
  if (code !== 0) {
    console.error(`bench ${name} exited with ${code}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
