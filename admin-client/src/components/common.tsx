import {
  useEffect,
  useId,
  useRef,
  type AnchorHTMLAttributes,
  type ReactNode,
} from "react";
import { UI_LANGUAGES } from "@shared/enums";
import { useI18n } from "../lib/i18n";
import { hasNavigated, navigate } from "../lib/router";
import { Icon, type IconName } from "./Icon";

/** An in-app link: a real <a href> that navigates without a page load. */
export function Link({
  to,
  children,
  ...rest
}: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  return (
    <a
      href={to}
      {...rest}
      onClick={(event) => {
        rest.onClick?.(event);
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey ||
          event.altKey
        ) {
          return;
        }
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

const LANGUAGE_LABELS = {
  kk: { short: "Қаз", name: "Қазақша" },
  ru: { short: "Рус", name: "Русский" },
  en: { short: "Eng", name: "English" },
} as const;

/** Kazakh, Russian, English; the choice is remembered on this device. */
export function LanguageSwitcher() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t("language.switch")}>
      {UI_LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={language === code}
          // Starts with the visible text, so speech input can say "Рус".
          aria-label={`${LANGUAGE_LABELS[code].short} (${LANGUAGE_LABELS[code].name})`}
          onClick={() => setLanguage(code)}
        >
          {LANGUAGE_LABELS[code].short}
        </button>
      ))}
    </div>
  );
}

type AlertKind = "error" | "success" | "warning" | "info";

const ALERT_ICONS: Record<AlertKind, IconName> = {
  error: "warning",
  success: "check",
  warning: "warning",
  info: "info",
};

/** A message box: errors are announced at once, the rest politely. */
export function Alert({
  kind,
  title,
  children,
}: {
  kind: AlertKind;
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div
      className={`alert alert--${kind}`}
      role={kind === "error" ? "alert" : "status"}
    >
      <Icon name={ALERT_ICONS[kind]} size={22} />
      <div>
        {title ? <p className="alert__title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}

/** An API or network error in the reader's language. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { errorText } = useI18n();
  if (!error) return null;
  return (
    <Alert kind="error">
      <p>{errorText(error)}</p>
    </Alert>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </div>
  );
}

/**
 * The page's <h1>. After an in-app navigation it takes the focus, so a
 * screen reader announces the new page; it also names the browser tab.
 */
export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Synaq`;
  }, [children]);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus();
  }, []);
  return (
    <h1 className="page-title" ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** A confirmation in a modal <dialog>: focus is trapped, Esc cancels. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="form-actions">
        <button
          type="button"
          className={`button${danger ? " button--danger" : ""}`}
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {confirmLabel}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={onCancel}
          autoFocus
        >
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
