import type { StaffScope } from "@shared/accounts";
import type { StaffRole } from "@shared/enums";
import type { AppContext } from "../../context";
import { findAccountByUsername, registerAccount } from "../accounts";
import { ensureDemoCenters } from "./center-seed";

/** Where a demo account serves: one of the demo centers, or the network. */
export type DemoAccountPlace = "astana" | "almaty" | "network";

/** Demo staff. The passwords are DEMO ONLY and printed at every start. */
export const DEMO_ACCOUNTS: {
  username: string;
  fullName: string;
  role: StaffRole;
  password: string;
  serves: DemoAccountPlace;
}[] = [
  {
    username: "admin",
    fullName: "Әсел Нұрланқызы Сейітова",
    role: "administrator",
    password: "synaq-demo-admin",
    serves: "astana",
  },
  {
    username: "operator",
    fullName: "Ерлан Қайратұлы Жұмабаев",
    role: "operator",
    password: "synaq-demo-operator",
    serves: "astana",
  },
  {
    username: "manager",
    fullName: "Гүлнар Маратқызы Әбенова",
    role: "manager",
    password: "synaq-demo-manager",
    serves: "astana",
  },
  {
    username: "reviewer",
    fullName: "Дәурен Серікұлы Омаров",
    role: "reviewer",
    password: "synaq-demo-reviewer",
    serves: "network",
  },
  {
    username: "admin2",
    fullName: "Айдана Ерболқызы Қасымова",
    role: "administrator",
    password: "synaq-demo-admin2",
    serves: "almaty",
  },
  {
    username: "operator2",
    fullName: "Нұржан Асқарұлы Бекенов",
    role: "operator",
    password: "synaq-demo-operator2",
    serves: "almaty",
  },
  {
    username: "manager2",
    fullName: "Сәуле Төлегенқызы Мұратова",
    role: "manager",
    password: "synaq-demo-manager2",
    serves: "almaty",
  },
  {
    username: "network",
    fullName: "Бауыржан Маратұлы Исаев",
    role: "network-manager",
    password: "synaq-demo-network",
    serves: "network",
  },
];

export type DemoSeeder = (ctx: AppContext) => Promise<void>;

/**
 * The demo staff, each scoped to their demo center (made first when
 * missing) or the network. Accounts already there are left as they are:
 * those from a demo started before scopes existed keep serving the network.
 */
export async function seedDemoAccounts(ctx: AppContext): Promise<void> {
  const [astana, almaty] = await ensureDemoCenters(ctx);
  const scopes: Record<DemoAccountPlace, StaffScope> = {
    astana: astana
      ? { kind: "centers", centerIds: [astana.center.id] }
      : { kind: "network" },
    almaty: almaty
      ? { kind: "centers", centerIds: [almaty.center.id] }
      : { kind: "network" },
    network: { kind: "network" },
  };
  for (const { serves, ...account } of DEMO_ACCOUNTS) {
    if (await findAccountByUsername(ctx.redis, account.username)) continue;
    // Marked, not recognised by name: a center may create its own `admin`.
    await registerAccount(
      ctx,
      { ...account, scope: scopes[serves] },
      "system:demo-seed",
      { demo: true },
    );
  }
}

/**
 * Seeds the demo network on first start. Each seeder is idempotent, so a
 * seeder added in a later version runs on an existing data folder too.
 */
export async function seedDemo(
  ctx: AppContext,
  seeders: readonly DemoSeeder[],
): Promise<void> {
  for (const seed of seeders) await seed(ctx);
  await ctx.redis.set("demo:seeded-at", String(Date.now()), "NX");
}
