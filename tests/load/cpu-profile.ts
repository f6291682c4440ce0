import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
}

export interface CpuProfileSummary {
  totalMs: number;
  /** Self time by package (`node_modules/<name>`), our source (`server`, `shared`) or `node:` internals. */
  byOrigin: { origin: string; share: number }[];
  /** The functions with the most self time. */
  byFunction: { name: string; share: number }[];
}

function origin(url: string): string {
  if (url === '') return '(native, GC, idle)';
  if (url.startsWith('node:')) return 'node internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match?.[1] !== undefined) return match[1];
  const ours = /\/(server|shared|tests)\/src\//.exec(url) ?? /\/(tests)\//.exec(url);
  return ours?.[1] ?? url;
}

function top(map: Map<string, number>, total: number, count: number): { name: string; share: number }[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, share: hits / Math.max(1, total) }));
}

/**
 * Summarises the main thread's .cpuprofile in `dir` (named CPU.<date>.<time>.<pid>.<thread>.<seq>;
 * thread 0 is the main thread, others are tsx's module-loader thread) by self time.
 */
export function summariseCpuProfile(dir: string): CpuProfileSummary | undefined {
  const file = readdirSync(dir)
    .filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name))
    .sort()
    .at(-1);
  if (file === undefined) return undefined;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const origins = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    total += hits;
    const from = origin(node.callFrame.url);
    origins.set(from, (origins.get(from) ?? 0) + hits);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${from}:${String(node.callFrame.lineNumber + 1)}`;
    functions.set(name, (functions.get(name) ?? 0) + hits);
  }
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    byOrigin: top(origins, total, 12).map(({ name, share }) => ({ origin: name, share })),
    byFunction: top(functions, total, 15),
  };
}
