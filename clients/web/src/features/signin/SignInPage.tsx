import { useState, type FormEvent } from "react";
import { devSignIn } from "../../api/http";
import type { AppConfig } from "../../auth/config";
import { beginSignIn } from "../../auth/oidc";
import { setToken } from "../../auth/session";

export function SignInPage({ config, onGesture, error: initialError }: { config: AppConfig | null; onGesture: () => void; error?: string | null }) {
  const [userId, setUserId] = useState("");
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);

  const dev = async (e: FormEvent) => {
    e.preventDefault();
    onGesture();
    setBusy(true);
    setError(null);
    try {
      setToken((await devSignIn(userId.trim())).access_token);
    } catch (err) {
      setError(err instanceof TypeError ? "waQup cannot be reached. Check your connection." : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const oidc = async () => {
    onGesture();
    setBusy(true);
    setError(null);
    try {
      await beginSignIn(config!.oidc!);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <div className="signin-card">
        <img src="/icons/icon.svg" alt="" width="72" height="72" className="signin-logo" />
        <h1>waQup</h1>
        <p className="signin-lead">A quiet voice for the moment you are in: affirmations, meditations and small daily rituals, made for you as you talk.</p>
        {config === null && !error && <p className="hint">Getting ready…</p>}
        {config?.dev_tokens && (
          <form onSubmit={dev} className="signin-form">
            <label htmlFor="user-id">User id</label>
            <input id="user-id" type="text" autoComplete="username" required value={userId} onChange={(e) => setUserId(e.target.value)} />
            <button type="submit" className="btn btn-primary btn-wide" disabled={busy}>
              Sign in
            </button>
            <p className="hint">Development sign-in: any id you like starts a fresh account.</p>
          </form>
        )}
        {config && !config.dev_tokens && config.oidc && (
          <button type="button" className="btn btn-primary btn-wide" onClick={() => void oidc()} disabled={busy}>
            Sign in
          </button>
        )}
        {config && !config.dev_tokens && !config.oidc && <p className="notice">Sign-in is not set up on this server.</p>}
        {error && (
          <p className="notice" role="alert">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}
