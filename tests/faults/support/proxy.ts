import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP proxy on 127.0.0.1 between kiosks and the server whose "network"
 * a test can cut: `cut()` drops every connection and refuses new ones
 * until `restore()`, as a pulled cable or a dead switch does.
 */
export interface CuttableProxy {
  port: number;
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export function startProxy(targetPort: number): Promise<CuttableProxy> {
  let up = true;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        cut() {
          up = false;
          for (const socket of open) socket.destroy();
          open.clear();
        },
        restore() {
          up = true;
        },
        close() {
          for (const socket of open) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}
