/**
 * How much of its time this thread is kept off the CPU while it has work: a busy loop that notes every jump of the
 * clock over 0.5 ms. On a quiet machine these are the pauses nothing in the process caused (another thread or the
 * kernel's own on this core, the hypervisor's on a virtual one); any round trip that spans one waits for it, so they
 * set the floor of a short operation's tail.
 */
export function measurePauses(ms = 2000) {
  const pauses: number[] = [];
  const end = performance.now() + ms;
  let last = performance.now();
  while (last < end) {
    const now = performance.now();
    if (now - last > 0.5) pauses.push(now - last);
    last = now;
  }
  const lost = pauses.reduce((s, p) => s + p, 0);
  return {
    per_s: Math.round((pauses.length / ms) * 1000 * 10) / 10,
    lost_pct: Math.round((lost / ms) * 100 * 100) / 100,
    max_ms: Math.round(Math.max(0, ...pauses) * 100) / 100,
  };
}
