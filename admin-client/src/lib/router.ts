import { useSyncExternalStore } from "react";

/**
 * A router of a few lines: the History API and one hook. The app has a
 * dozen routes, so a router package would cost more bytes than it saves.
 */

const NAVIGATED = "synaq:navigate";
let navigations = 0;

/** True once the reader moved inside the app (not on the first page load). */
export const hasNavigated = () => navigations > 0;

function subscribe(onChange: () => void): () => void {
  const onPopState = () => {
    navigations += 1;
    onChange();
  };
  window.addEventListener("popstate", onPopState);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener("popstate", onPopState);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const currentHref = () =>
  window.location.pathname + window.location.search + window.location.hash;

export interface Location {
  pathname: string;
  search: URLSearchParams;
  hash: string;
}

/** The current location; components re-render when it changes. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, window.location.origin);
  return {
    pathname: url.pathname.replace(/\/+$/, "") || "/",
    search: url.searchParams,
    hash: url.hash.replace(/^#/, ""),
  };
}

/** Goes to `to` without a page load. */
export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === currentHref()) return;
  navigations += 1;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATED));
  window.scrollTo(0, 0);
}

/**
 * Matches `/booking/:id` against a path; returns the decoded parameters or
 * null. Trailing slashes are ignored.
 */
export function matchPath(
  pattern: string,
  pathname: string,
): Record<string, string> | null {
  const patternParts = pattern.split("/").filter(Boolean);
  const pathParts = pathname.split("/").filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] ?? "";
    if (part.startsWith(":")) {
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (part !== actual) {
      return null;
    }
  }
  return params;
}
