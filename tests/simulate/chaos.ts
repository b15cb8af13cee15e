import type { Random } from "./random";
import { sleep } from "./random";
import type { SimSynaq } from "./synaq";

/**
 * `--chaos`: while the day runs, SIGKILL one of Synaq's processes (Redis
 * included) at a random moment, restart it in place after a moment, wait
 * a while, and again; at least `minKills` times. Everything is drawn from
 * the day's seed.
 */

export interface Kill {
  target: string;
  /** Seconds since the chaos began. */
  at: number;
  /** From the kill until the restarted process served again. */
  downMs: number;
}

export class Chaos {
  readonly kills: Kill[] = [];
  readonly errors: string[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly synaq: SimSynaq,
    private readonly random: Random,
    private readonly log: (line: string) => void,
    private readonly minKills = 3,
  ) {}

  /** Starts killing; `calm()` says when the day no longer needs it. */
  start(calm: () => boolean): void {
    const began = Date.now();
    this.running = (async () => {
      while (!this.stopping && (!calm() || this.kills.length < this.minKills)) {
        // Until the minimum is reached after the day calmed down, kill sooner.
        const pause = calm()
          ? this.random.between(2_000, 5_000)
          : this.random.between(8_000, 25_000);
        const until = Date.now() + pause;
        while (
          Date.now() < until &&
          !this.stopping &&
          !(calm() && this.kills.length >= this.minKills)
        )
          await sleep(200);
        if (this.stopping || (calm() && this.kills.length >= this.minKills))
          break;
        const target = this.random.pick(this.synaq.targets);
        // Mostly a supervisor's quick restart; now and then Redis stays
        // down long enough to be an outage (no process can serve a kiosk).
        const restartAfter =
          target === "redis" && this.random.chance(0.3)
            ? this.random.between(6_000, 12_000)
            : this.random.between(300, 2_000);
        const at = (Date.now() - began) / 1000;
        const killedAt = Date.now();
        try {
          await this.synaq.kill9(target);
          this.log(`chaos: kill -9 ${target} at ${at.toFixed(0)} s`);
          await sleep(restartAfter);
          await this.restart(target);
          const kill = { target, at, downMs: Date.now() - killedAt };
          this.kills.push(kill);
          this.log(
            `chaos: ${target} back after ${(kill.downMs / 1000).toFixed(1)} s`,
          );
        } catch (error) {
          this.errors.push(`${target}: ${String(error)}`);
          this.log(`chaos: ${target}: ${String(error)}`);
        }
      }
    })();
  }

  private async restart(target: string) {
    for (let tries = 1; ; tries++) {
      try {
        await this.synaq.restart(target);
        return;
      } catch (error) {
        if (tries >= 5) throw error;
        this.log(
          `chaos: ${target} did not restart (${String(error).slice(0, 200)}); again`,
        );
        await sleep(1_000);
      }
    }
  }

  /** Waits for the current kill and restart to finish, and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Waits until the minimum of kills is reached (the day calmed down). */
  async done(): Promise<void> {
    await this.running;
  }
}
