import { describe, expect, it } from "vitest";
import { createRedis, redisTarget } from "./connection";

describe("redisTarget", () => {
  it("passes a plain or TLS URL through", () => {
    expect(redisTarget("redis://10.0.0.5:6379/2")).toEqual({
      url: "redis://10.0.0.5:6379/2",
    });
    expect(redisTarget("rediss://user:secret@redis.example.kz:6380")).toEqual({
      url: "rediss://user:secret@redis.example.kz:6380",
    });
  });

  it("reads the Sentinels, the master's name, credentials and database", () => {
    const target = redisTarget(
      "redis+sentinel://synaq:p%40ss@10.0.0.1:26379,10.0.0.2,10.0.0.3:26380/synaq-main/3",
    );
    expect(target).toMatchObject({
      options: {
        sentinels: [
          { host: "10.0.0.1", port: 26379 },
          { host: "10.0.0.2", port: 26379 },
          { host: "10.0.0.3", port: 26380 },
        ],
        name: "synaq-main",
        username: "synaq",
        password: "p@ss",
        db: 3,
      },
    });
  });

  it("resends a command a demoted master refused, and nothing else", () => {
    const target = redisTarget("redis+sentinel://127.0.0.1:26379/mymaster");
    if (!("options" in target)) throw new Error("expected Sentinel options");
    const retry = target.options.reconnectOnError;
    expect(
      retry?.(
        new Error("READONLY You can't write against a read only replica."),
      ),
    ).toBe(2);
    expect(retry?.(new Error("ERR unknown command"))).toBe(false);
  });

  it("refuses a Sentinel URL without a master name", () => {
    expect(() => redisTarget("redis+sentinel://127.0.0.1:26379")).toThrow(
      /master name/,
    );
  });
});

describe("createRedis", () => {
  it("never re-sends an unanswered command on the request connection, and only there", () => {
    const commands = createRedis("redis://127.0.0.1:1", "commands", {
      lazyConnect: true,
    });
    const blocking = createRedis("redis://127.0.0.1:1", "blocking", {
      lazyConnect: true,
    });
    expect(commands.options.autoResendUnfulfilledCommands).toBe(false);
    expect(blocking.options.autoResendUnfulfilledCommands).toBe(true);
    commands.disconnect();
    blocking.disconnect();
  });
});
