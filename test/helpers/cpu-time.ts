/**
 * The least CPU time (user, ms) `work` took over `runs` runs. CPU time, not wall time: other
 * processes on a busy machine (a parallel test run, CI) slow the clock, not the work, so the
 * bound a test sets holds there too. The fastest run leaves out a garbage collection's pause.
 */
export function leastCpuMs(work: () => void, runs = 3): number {
  let least = Infinity;
  for (let run = 0; run < runs; run++) {
    const before = process.cpuUsage();
    work();
    least = Math.min(least, process.cpuUsage(before).user / 1000);
  }
  return least;
}
