import path from "node:path";
import madge from "madge";

/**
 * `npm run lint` part: no import cycle among files, and none among domain
 * modules (each `server/src/modules/<name>/` folder counted as one node:
 * modules must form a DAG, STYLE.md 7). Type-only imports count too: a
 * cycle of types is still two files that cannot be understood apart.
 */
const root = path.resolve(import.meta.dirname, "../..");
const folders = ["server", "kiosk-client/src", "admin-client/src"];

const result = await madge(
  folders.map((folder) => path.join(root, folder)),
  {
    baseDir: root,
    fileExtensions: ["ts", "tsx"],
    tsConfig: path.join(root, "tsconfig.json"),
    excludeRegExp: [/node_modules/, /\/dist\//, /\.d\.ts$/],
    detectiveOptions: {
      ts: { skipTypeImports: false },
      tsx: { skipTypeImports: false },
    },
  },
);
const graph: Record<string, string[]> = result.obj();

const moduleOf = (file: string) =>
  /^server\/src\/modules\/([^/]+)\//.exec(file)?.[1];
const nodeOf = (file: string) => {
  const name = moduleOf(file);
  return name ? `server/src/modules/${name}` : file;
};

/** Strongly connected components with more than one node (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

const fileEdges = new Map<string, Set<string>>();
const moduleEdges = new Map<string, Set<string>>();
for (const [file, imports] of Object.entries(graph)) {
  fileEdges.set(file, new Set(imports));
  const from = nodeOf(file);
  const targets = moduleEdges.get(from) ?? new Set<string>();
  for (const imported of imports) {
    const to = nodeOf(imported);
    if (to !== from) targets.add(to);
  }
  moduleEdges.set(from, targets);
}

const problems = [
  ...cycles(fileEdges).map((files) => `files: ${files.join(" -> ")}`),
  ...cycles(moduleEdges).map((nodes) => `modules: ${nodes.join(" -> ")}`),
];
if (problems.length > 0) {
  console.error(`Import cycles (${problems.length}):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(
  `No import cycles among ${fileEdges.size} files and ${moduleEdges.size} modules.`,
);
