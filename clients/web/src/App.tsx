import { useEffect, useState, useSyncExternalStore } from "react";
import { AudioEngine } from "./audio/AudioEngine";
import { loadConfig, type AppConfig } from "./auth/config";
import { CALLBACK_PATH, completeSignIn } from "./auth/oidc";
import { getToken, onTokenChange, setToken } from "./auth/session";
import { CreditsPage } from "./features/credits/CreditsPage";
import { DiscoverPage } from "./features/discover/DiscoverPage";
import { forgetDownloads } from "./features/library/offline";
import { LibraryPage } from "./features/library/LibraryPage";
import { player } from "./features/library/player";
import { SignInPage } from "./features/signin/SignInPage";
import { StudioPage } from "./features/studio/StudioPage";
import { Conversation } from "./features/talk/conversation";
import { TalkPage } from "./features/talk/TalkPage";
import { Link, navigate, usePath } from "./router";
import { useTheme } from "./theme";

const engine = new AudioEngine();

const TABS = [
  { to: "/talk", label: "Talk", icon: "M4 12a8 8 0 1 1 3.3 6.5L4 20l1.2-3.6A8 8 0 0 1 4 12Z" },
  { to: "/library", label: "Library", icon: "M5 4h3v16H5zM10 4h3v16h-3zM15.5 4.5l2.9-.8 3.6 15.5-2.9.7z" },
  { to: "/discover", label: "Discover", icon: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm3.5 5.5-2 5-5 2 2-5 5-2Z" },
  { to: "/credits", label: "Credits", icon: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 4v10M9 9.5c0-1.2 1.3-2 3-2s3 .8 3 2-1.3 1.8-3 2.2-3 1-3 2.3 1.3 2 3 2 3-.8 3-2" },
  { to: "/studio", label: "Studio", icon: "M4 20l4-1 11-11-3-3L5 16l-1 4Zm10-13 3 3" },
];

function useToken(): string | null {
  return useSyncExternalStore(onTokenChange, getToken);
}

export function App() {
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const token = useToken();
  const path = usePath();
  const [conversation, setConversation] = useState<Conversation | null>(null);

  useEffect(() => {
    loadConfig().then(setConfig, () => setConfigError("waQup cannot be reached right now. Please try again in a moment."));
  }, []);

  // The OpenID Connect redirect lands here with a code to trade for a token.
  useEffect(() => {
    if (path !== CALLBACK_PATH || !config?.oidc) return;
    completeSignIn(config.oidc, location.search).then(
      ({ token: t, returnTo }) => {
        setToken(t);
        navigate(returnTo, true);
      },
      (e: Error) => {
        setSignInError(e.message);
        navigate("/", true);
      },
    );
  }, [path, config]);

  useEffect(() => {
    if (!token) return;
    const c = new Conversation(engine);
    setConversation(c);
    c.start();
    return () => {
      c.stop();
      setConversation(null);
    };
  }, [token]);

  if (!token || path === CALLBACK_PATH) {
    // Keyed by the error: a new one (a refused callback after the page first showed) is shown, not the first one kept.
    return <SignInPage key={configError ?? signInError ?? ""} config={config} onGesture={() => engine.unlock()} error={configError ?? signInError} />;
  }
  return <Shell conversation={conversation} path={path} />;
}

function Shell({ conversation, path }: { conversation: Conversation | null; path: string }) {
  const [theme, setTheme] = useTheme();
  const view = useSyncExternalStore(
    conversation?.subscribe ?? (() => () => undefined),
    conversation?.snapshot ?? (() => null),
  );
  const page = path === "/" ? "/talk" : path;
  // The tab a page belongs to: /discover/packs/{id} is under Discover.
  const tabOf = (p: string) => TABS.find((t) => p === t.to || p.startsWith(`${t.to}/`));
  const section = tabOf(page)?.to ?? null;

  useEffect(() => {
    if (path === "/") navigate("/talk", true);
  }, [path]);

  useEffect(() => {
    const tab = TABS.find((t) => t.to === page);
    if (!tab && page.startsWith("/discover/")) return; // the pack or creator page names itself
    document.title = tab ? `${tab.label} · waQup` : "waQup";
  }, [page]);

  const signOut = () => {
    player().stop();
    void forgetDownloads();
    setToken(null);
    navigate("/", true);
  };

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/talk" className="brand" aria-label="waQup home">
          <img src="/icons/icon.svg" alt="" width="30" height="30" />
          <span aria-hidden="true">waQup</span>
        </Link>
        <nav className="tabs" aria-label="Main">
          {TABS.map((t) => (
            <Link key={t.to} to={t.to} className="tab" aria-current={page === t.to ? "page" : section === t.to ? "true" : undefined}>
              <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path d={t.icon} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" strokeLinecap="round" />
              </svg>
              <span>{t.label}</span>
            </Link>
          ))}
        </nav>
        <div className="topbar-tools">
          <button
            type="button"
            className="icon-btn"
            aria-label="Dark theme"
            aria-pressed={theme === "dark"}
            onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
          >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              {theme === "dark" ? (
                <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5Z" fill="currentColor" />
              ) : (
                <g fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round">
                  <circle cx="12" cy="12" r="4" />
                  <path d="M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4" />
                </g>
              )}
            </svg>
          </button>
          <button type="button" className="btn btn-quiet btn-small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content">
        {page === "/talk" && conversation && <TalkPage conversation={conversation} />}
        {page === "/library" && <LibraryPage />}
        {section === "/discover" && <DiscoverPage path={page} />}
        {page === "/credits" && <CreditsPage live={view?.credits ?? null} />}
        {page === "/studio" && <StudioPage />}
        {!TABS.some((t) => t.to === page) && section !== "/discover" && (
          <section className="page">
            <h1>Nothing here</h1>
            <p>
              This page does not exist. <Link to="/talk">Go back to Talk</Link>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
