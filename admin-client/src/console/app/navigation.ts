import type { StaffScope } from "@shared/accounts";
import type { StaffRole } from "@shared/enums";
import type { IconName } from "../../components/Icon";
import type { MessageKey } from "../../lib/i18n";
import { matchPath } from "../../lib/router";

export interface ConsoleSection {
  path: string;
  label: MessageKey;
  icon: IconName;
  roles: readonly StaffRole[];
  /** Only for accounts that answer for the whole network. */
  networkOnly?: boolean;
}

/**
 * The console's sections and who may open them. The server checks every
 * call again; this only keeps the menu to what a role can use.
 */
export const CONSOLE_SECTIONS: readonly ConsoleSection[] = [
  {
    path: "/admin/network",
    label: "nav.network",
    icon: "chart",
    roles: ["network-manager", "manager"],
    networkOnly: true,
  },
  {
    path: "/admin/slots",
    label: "nav.slots",
    icon: "calendar",
    roles: ["administrator", "operator", "manager", "network-manager"],
  },
  {
    path: "/admin/today",
    label: "nav.today",
    icon: "clock",
    roles: ["administrator", "operator", "manager", "network-manager"],
  },
  {
    path: "/admin/kiosks",
    label: "nav.kiosks",
    icon: "shield",
    roles: ["operator", "manager", "network-manager"],
  },
  {
    path: "/admin/bookings/new",
    label: "nav.staffBooking",
    icon: "plus",
    roles: ["administrator", "manager", "network-manager"],
  },
  {
    path: "/admin/desk",
    label: "nav.deskFind",
    icon: "search",
    roles: ["administrator", "manager", "network-manager"],
  },
  {
    path: "/admin/accommodations",
    label: "nav.accommodations",
    icon: "clock",
    roles: ["administrator", "manager", "network-manager"],
  },
  {
    path: "/admin/analytics",
    label: "nav.analytics",
    icon: "chart",
    roles: ["administrator", "manager", "network-manager"],
  },
  {
    path: "/admin/appeals",
    label: "nav.appeals",
    icon: "info",
    roles: ["reviewer", "manager", "administrator", "network-manager"],
  },
  {
    path: "/admin/complaints",
    label: "nav.complaints",
    icon: "warning",
    roles: ["administrator", "manager", "reviewer", "network-manager"],
  },
  {
    path: "/admin/outbox",
    label: "nav.outbox",
    icon: "upload",
    roles: ["administrator", "operator", "manager", "network-manager"],
  },
  {
    path: "/admin/config",
    label: "nav.config",
    icon: "settings",
    roles: ["manager", "network-manager"],
  },
];

/** A slot's exam-day pages and who may open each. */
export const SLOT_TABS = {
  roster: ["administrator", "operator", "manager", "network-manager"],
  desk: ["administrator"],
  seats: ["administrator", "operator", "manager", "network-manager"],
  results: [
    "administrator",
    "operator",
    "manager",
    "reviewer",
    "network-manager",
  ],
} as const satisfies Record<string, readonly StaffRole[]>;

export type SlotTab = keyof typeof SLOT_TABS;

export function slotTabsFor(role: StaffRole): SlotTab[] {
  return (Object.keys(SLOT_TABS) as SlotTab[]).filter((tab) =>
    (SLOT_TABS[tab] as readonly StaffRole[]).includes(role),
  );
}

export function sectionsFor(
  role: StaffRole,
  scope: StaffScope = { kind: "network" },
): ConsoleSection[] {
  return CONSOLE_SECTIONS.filter(
    (section) =>
      section.roles.includes(role) &&
      (!section.networkOnly || scope.kind === "network"),
  );
}

/** The hall's roles work the exam day: they open on today's slots. */
const TODAY_FIRST: readonly StaffRole[] = ["administrator", "operator"];

/**
 * Where the console opens: the network's day for a network manager,
 * today's slots for an administrator or an operator (the exam day is their
 * work), the first section (slots) for everyone else.
 */
export function homeFor(
  role: StaffRole,
  scope?: StaffScope,
): string | undefined {
  const sections = sectionsFor(role, scope);
  if (role === "network-manager") {
    return sections.find((section) => section.networkOnly)?.path;
  }
  const today = sections.find((section) => section.path === "/admin/today");
  if (today && TODAY_FIRST.includes(role)) return today.path;
  return (
    sections.find((section) => !section.networkOnly)?.path ?? sections[0]?.path
  );
}

/** A slot's pages of the exam day itself, reached from "Today". */
const EXAM_DAY_TABS: readonly SlotTab[] = ["desk", "seats", "results"];

/**
 * The menu section a path belongs to: a slot's desk, seat map and results
 * are the exam day's ("Today") where the menu has it, its roster is the
 * slots' section; any other page is the section whose path is its longest
 * prefix.
 */
export function currentSection(
  sections: readonly ConsoleSection[],
  path: string,
): string | undefined {
  const slot = slotPage(path);
  if (slot) {
    const today = sections.find((section) => section.path === "/admin/today");
    if (today && EXAM_DAY_TABS.includes(slot.tab)) return today.path;
  }
  return sections
    .filter(
      (section) => path === section.path || path.startsWith(`${section.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

/** The slot page a path names, if any: `/admin/slots/:id/<tab>`. */
export function slotPage(
  path: string,
): { slotId: string; tab: SlotTab } | null {
  const roster = matchPath("/admin/slots/:slotId", path);
  if (roster?.slotId) return { slotId: roster.slotId, tab: "roster" };
  const page = matchPath("/admin/slots/:slotId/:tab", path);
  if (page?.slotId && page.tab && Object.hasOwn(SLOT_TABS, page.tab)) {
    return { slotId: page.slotId, tab: page.tab as SlotTab };
  }
  return null;
}

export function canOpen(
  role: StaffRole,
  path: string,
  scope?: StaffScope,
): boolean {
  const slot = slotPage(path);
  if (slot) return slotTabsFor(role).includes(slot.tab);
  return sectionsFor(role, scope).some((section) =>
    path.startsWith(section.path),
  );
}
