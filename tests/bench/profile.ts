import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Reads a `node --cpu-prof` profile and sums self time by function and by
 * package, which is what finding a bottleneck needs; the full profile
 * opens in Chrome DevTools (Performance → Load profile).
 */

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; ms: number; share: number }[];
  packages: { name: string; ms: number; share: number }[];
}

/** `node_modules/<pkg>`, `node:internal`, `server/src/…`, `(gc)` … */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  if (url.startsWith("node:")) return "node:internal";
  const server = /\/(server\/(?:src|shared)\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (server?.[1]) return server[1].replace(/\.ts$/, "");
  return path.basename(url);
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || "(anonymous)";
    if (name === "(idle)") continue;
    total += micros;
    const where = frame.url
      ? ` ${path.basename(frame.url)}:${frame.lineNumber + 1}`
      : "";
    functions.set(
      `${name}${where}`,
      (functions.get(`${name}${where}`) ?? 0) + micros,
    );
    const pkg = packageOf(frame.url, name);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({
        name,
        ms: Math.round(micros / 1000),
        share: Math.round((micros / total) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(total / 1000),
    functions: rank(functions),
    packages: rank(packages),
  };
}
