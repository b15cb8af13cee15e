import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP proxy on 127.0.0.1 whose "network" a test can cut: `cut()` drops
 * every connection and refuses new ones until `restore()`, as a pulled
 * cable or a dead switch does. Between kiosks and the server, or between
 * the server and Redis.
 *
 * It can also lose replies: once `loseRepliesAfter(marker)` is armed, the
 * first request carrying `marker` still reaches the server, but nothing the
 * server sends back gets through, on any connection, until `cut()`: the
 * reply of a request the server has acted on is lost for sure.
 * `restore()` disarms it.
 */
export interface CuttableProxy {
  port: number;
  url: string;
  cut(): void;
  restore(): void;
  loseRepliesAfter(marker: string): void;
  close(): Promise<void>;
}

export function startProxy(targetPort: number): Promise<CuttableProxy> {
  let up = true;
  let marker: Buffer | null = null;
  let losing = false;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.on("data", (chunk: Buffer) => {
      if (marker && chunk.includes(marker)) losing = true;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!losing) client.write(chunk);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        loseRepliesAfter(text) {
          marker = Buffer.from(text);
        },
        cut() {
          up = false;
          for (const socket of open) socket.destroy();
          open.clear();
        },
        restore() {
          up = true;
          marker = null;
          losing = false;
        },
        close() {
          for (const socket of open) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}
