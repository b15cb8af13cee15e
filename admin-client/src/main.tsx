import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { Loading } from "./components/common";
import { I18nProvider } from "./lib/i18n";
import { createQueryClient } from "./lib/query";
import { useLocation } from "./lib/router";
import { PortalApp } from "./portal/app/PortalApp";
import "./styles.css";

// The console (and its socket.io client) loads only for staff, so the
// public pages stay light on a phone.
const ConsoleApp = lazy(() =>
  import("./console/app/ConsoleApp").then((module) => ({
    default: module.ConsoleApp,
  })),
);

/**
 * One build serves two audiences, two trees that share only lib/ and
 * components/: the staff console under /admin and the public portal
 * (booking, booking status, verification, information) elsewhere.
 */
function App() {
  const { pathname } = useLocation();
  if (pathname === "/admin" || pathname.startsWith("/admin/")) {
    return (
      <Suspense
        fallback={
          <main id="main" className="page">
            <Loading />
          </main>
        }
      >
        <ConsoleApp />
      </Suspense>
    );
  }
  return <PortalApp />;
}

const queryClient = createQueryClient();
const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
