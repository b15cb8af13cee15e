import type { StaffRole } from "@shared/enums";
import type { IconName } from "../components/Icon";
import type { MessageKey } from "../lib/i18n";
import { matchPath } from "../lib/router";

export interface ConsoleSection {
  path: string;
  label: MessageKey;
  icon: IconName;
  roles: readonly StaffRole[];
}

/**
 * The console's sections and who may open them. The server checks every
 * call again; this only keeps the menu to what a role can use.
 */
export const CONSOLE_SECTIONS: readonly ConsoleSection[] = [
  {
    path: "/admin/slots",
    label: "nav.slots",
    icon: "calendar",
    roles: ["administrator", "operator", "manager"],
  },
  {
    path: "/admin/today",
    label: "nav.today",
    icon: "clock",
    roles: ["administrator", "operator", "manager"],
  },
  {
    path: "/admin/kiosks",
    label: "nav.kiosks",
    icon: "shield",
    roles: ["operator", "manager"],
  },
  {
    path: "/admin/bookings/new",
    label: "nav.staffBooking",
    icon: "plus",
    roles: ["administrator", "manager"],
  },
  {
    path: "/admin/accommodations",
    label: "nav.accommodations",
    icon: "clock",
    roles: ["administrator", "manager"],
  },
  {
    path: "/admin/analytics",
    label: "nav.analytics",
    icon: "chart",
    roles: ["administrator", "manager"],
  },
  {
    path: "/admin/appeals",
    label: "nav.appeals",
    icon: "info",
    roles: ["reviewer", "manager", "administrator"],
  },
  {
    path: "/admin/config",
    label: "nav.config",
    icon: "settings",
    roles: ["manager"],
  },
];

/** A slot's exam-day pages and who may open each. */
export const SLOT_TABS = {
  roster: ["administrator", "operator", "manager"],
  desk: ["administrator"],
  seats: ["administrator", "operator", "manager"],
  results: ["administrator", "operator", "manager", "reviewer"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type SlotTab = keyof typeof SLOT_TABS;

export function slotTabsFor(role: StaffRole): SlotTab[] {
  return (Object.keys(SLOT_TABS) as SlotTab[]).filter((tab) =>
    (SLOT_TABS[tab] as readonly StaffRole[]).includes(role),
  );
}

export function sectionsFor(role: StaffRole): ConsoleSection[] {
  return CONSOLE_SECTIONS.filter((section) => section.roles.includes(role));
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

export function canOpen(role: StaffRole, path: string): boolean {
  const slot = slotPage(path);
  if (slot) return slotTabsFor(role).includes(slot.tab);
  return sectionsFor(role).some((section) => path.startsWith(section.path));
}
