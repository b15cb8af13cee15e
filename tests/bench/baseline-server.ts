import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { Server } from "socket.io";

/**
 * The bare baseline of run.ts: the least a server can do for `answer.save`
 * — socket.io with Synaq's transport settings, one Redis HSET per message,
 * then the ack (shaped like Synaq's: `{ ok, seq, savedAt, answered }`).
 * No auth, validation, Lua, audit or fan-out. Synaq's closed-loop
 * throughput is expressed as a share of this one's.
 */
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error("REDIS_URL is required");
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });

const http = createServer();
const io = new Server(http, {
  transports: ["websocket"],
  maxHttpBufferSize: 16 * 1024,
  pingInterval: 10_000,
  pingTimeout: 10_000,
  serveClient: false,
});

interface Answer {
  attemptId: string;
  itemId: string;
  response: string[];
  seq: number;
}

io.of("/kiosk").on("connection", (socket) => {
  // Items answered so far: the ack says it, as Synaq's does.
  let answered = 0;
  socket.on("answer.save", (answer: Answer, ack: (reply: object) => void) => {
    void redis
      .hset(
        `baseline:${answer.attemptId}:answers`,
        answer.itemId,
        JSON.stringify({ r: answer.response, seq: answer.seq }),
      )
      .then(
        (added) => {
          answered += added;
          // The shape of Synaq's ack, so the kiosks' side of both costs
          // the same.
          ack({ ok: true, seq: answer.seq, savedAt: Date.now(), answered });
        },
        () => ack({ ok: false, error: { id: "redis" } }),
      );
  });
});

http.listen(0, "127.0.0.1", () => {
  const { port } = http.address() as AddressInfo;
  console.log(`Baseline http://127.0.0.1:${port}`);
});
process.on("SIGTERM", () => {
  void io.close();
  redis.disconnect();
  process.exit(0);
});
