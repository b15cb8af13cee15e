import { spawnSync } from "node:child_process";
import { ensureClientsBuilt } from "../../server/src/http/clients";
import { createLogger } from "../../server/src/logger";

/**
 * Run by `npm test` before vitest: makes sure the machine has what the
 * tests drive for real (Debian's redis-server, chromium, poppler, zbar,
 * DejaVu fonts) and that the clients are built.
 */
const REQUIRED: { command: string[]; pkg: string }[] = [
  { command: ["redis-server", "--version"], pkg: "redis-server" },
  { command: ["chromium", "--version"], pkg: "chromium" },
  { command: ["pdfsig", "-v"], pkg: "poppler-utils" },
  { command: ["zbarimg", "--version"], pkg: "zbar-tools" },
  {
    command: ["test", "-f", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
    pkg: "fonts-dejavu-core",
  },
];

const missing = REQUIRED.filter(({ command }) => {
  const [bin, ...args] = command;
  return spawnSync(bin ?? "", args, { stdio: "ignore" }).status !== 0;
}).map(({ pkg }) => pkg);

if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    console.error(
      `The tests need Debian packages: sudo apt-get update && sudo apt-get install -y ${missing.join(" ")}`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian packages: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", ...missing],
  ]) {
    if (spawnSync("apt-get", args, { stdio: "inherit", env }).status !== 0) {
      console.error(`apt-get ${args.join(" ")} failed`);
      process.exit(1);
    }
  }
}

ensureClientsBuilt(createLogger("warn"));
