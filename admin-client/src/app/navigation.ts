import type { StaffRole } from "@shared/enums";
import type { IconName } from "../components/Icon";
import type { MessageKey } from "../lib/i18n";

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
    path: "/admin/config",
    label: "nav.config",
    icon: "settings",
    roles: ["manager"],
  },
];

export function sectionsFor(role: StaffRole): ConsoleSection[] {
  return CONSOLE_SECTIONS.filter((section) => section.roles.includes(role));
}

export function canOpen(role: StaffRole, path: string): boolean {
  return sectionsFor(role).some((section) => path.startsWith(section.path));
}
