/** The few icons the app uses, inline so they need no requests. */
export type IconName =
  | "check"
  | "cross"
  | "warning"
  | "info"
  | "download"
  | "print"
  | "search"
  | "calendar"
  | "users"
  | "clock"
  | "upload"
  | "shield"
  | "plus"
  | "logout"
  | "settings"
  | "user"
  | "chart";

const PATHS: Record<IconName, string> = {
  check: "M5 12.5l4.5 4.5L19 7.5",
  cross: "M6 6l12 12M18 6L6 18",
  warning: "M12 3.5l9.5 16.5h-19zM12 10v4.5M12 17.2v.1",
  info: "M12 21a9 9 0 100-18 9 9 0 000 18zM12 11v5.5M12 7.8v.1",
  download: "M12 4v11m0 0l-4.5-4.5M12 15l4.5-4.5M5 19.5h14",
  print: "M7 9V4h10v5M7 17H4.5v-7.5h15V17H17M7 14h10v6H7z",
  search: "M10.5 17a6.5 6.5 0 100-13 6.5 6.5 0 000 13zM15.5 15.5L20 20",
  calendar: "M4.5 6.5h15v13h-15zM4.5 10.5h15M8.5 4v4M15.5 4v4",
  users:
    "M9 11a3.5 3.5 0 100-7 3.5 3.5 0 000 7zM2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.3a3.5 3.5 0 010 6.4M18.5 14.5c1.9.8 3 2.9 3 5.5",
  clock: "M12 21a9 9 0 100-18 9 9 0 000 18zM12 7v5.5l3.5 2",
  upload: "M12 16V5m0 0L7.5 9.5M12 5l4.5 4.5M5 19.5h14",
  shield: "M12 3l7.5 3v5.5c0 4.5-3.2 8-7.5 9.5-4.3-1.5-7.5-5-7.5-9.5V6z",
  plus: "M12 5v14M5 12h14",
  logout: "M14 4.5H5.5v15H14M10 12h10m0 0l-3.5-3.5M20 12l-3.5 3.5",
  settings:
    "M12 15a3 3 0 100-6 3 3 0 000 6zM19.4 13.5l1.6 1.2-2 3.4-1.9-.7a7 7 0 01-2.2 1.3L14.5 21h-4l-.4-2.3a7 7 0 01-2.2-1.3l-1.9.7-2-3.4 1.6-1.2a7 7 0 010-2.6L4 9.7l2-3.4 1.9.7a7 7 0 012.2-1.3L10.5 3h4l.4 2.3a7 7 0 012.2 1.3l1.9-.7 2 3.4-1.6 1.2a7 7 0 010 2.6z",
  user: "M12 11.5a4 4 0 100-8 4 4 0 000 8zM4.5 20.5c0-4 3.4-6.5 7.5-6.5s7.5 2.5 7.5 6.5",
  chart: "M4.5 4v15.5H20M8 16v-4.5M12 16V8M16 16v-6",
};

export function Icon({
  name,
  size = 20,
  label,
}: {
  name: IconName;
  size?: number;
  /** Only when the icon carries meaning no text beside it gives. */
  label?: string;
}) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The Synaq mark: a check in a rounded square. */
export function BrandMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#fff" />
      <path
        d="M9 16.5l4.5 4.5L23 11.5"
        fill="none"
        stroke="#0b4f6c"
        strokeWidth="3.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
