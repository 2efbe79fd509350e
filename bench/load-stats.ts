/** Small helpers for `bench/load.ts`: percentiles, a child's CPU time, the machine, and printing ratios. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process in ms, from /proc (10 ms resolution at CLK_TCK 100). */
/** A process's CPU time so far, all its threads: in its own code (user) and in the kernel on its behalf (system). */
export function cpuMsOf(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name may hold spaces; the fields after it are fixed
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(fields[11]) * 1000) / CLK_TCK, system: (Number(fields[12]) * 1000) / CLK_TCK };
}

export function machine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  let nproc = String(cpus().length);
  try {
    // --all: the generator runs under taskset, which makes plain nproc say 1
    nproc = execFileSync('nproc', ['--all']).toString().trim();
  } catch {
    // nproc is coreutils; os.cpus() is close enough without it
  }
  return `${nproc} cores (nproc), ${model}, Node ${process.version}`;
}

export function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** service / relay per round, then the median of those ratios */
export function ratioLine(label: string, relay: number[], service: number[], unit: string, digits = 0): string {
  const ratios = service.map((s, i) => s / relay[i]!);
  return [
    label.padEnd(34),
    `relay ${relay.map((v) => fmt(v, digits)).join(' / ')} ${unit}`.padEnd(34),
    `service ${service.map((v) => fmt(v, digits)).join(' / ')} ${unit}`.padEnd(36),
    `ratio ${ratios.map((r) => fmt(r, 2)).join(' / ')} (median ${fmt(median(ratios), 2)}×)`,
  ].join(' ');
}
