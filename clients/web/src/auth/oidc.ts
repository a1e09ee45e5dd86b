import type { AppConfig } from "./config";

/** OpenID Connect sign-in in the browser: authorization code with PKCE (RFC 7636), no client secret. */
const PENDING = "waqup.oidc.pending";
export const CALLBACK_PATH = "/auth/callback";

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

export function base64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomVerifier(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

async function discover(authority: string): Promise<Discovery> {
  const response = await fetch(`${authority.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider did not answer (${response.status}).`);
  return (await response.json()) as Discovery;
}

/** Sends the browser to the identity provider. */
export async function beginSignIn(oidc: NonNullable<AppConfig["oidc"]>): Promise<void> {
  const meta = await discover(oidc.authority);
  const verifier = randomVerifier();
  const state = randomVerifier();
  const nonce = randomVerifier();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, tokenEndpoint: meta.token_endpoint, returnTo: location.pathname }));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: oidc.client_id,
    redirect_uri: location.origin + CALLBACK_PATH,
    scope: oidc.scope ?? "openid profile",
    state,
    nonce,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

/** On the callback page: trades the code for a token. Returns the token and where to go next. */
export async function completeSignIn(oidc: NonNullable<AppConfig["oidc"]>, search: string): Promise<{ token: string; returnTo: string }> {
  const params = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null") as
    | { verifier: string; state: string; tokenEndpoint: string; returnTo: string }
    | null;
  sessionStorage.removeItem(PENDING);
  if (params.get("error")) throw new Error(params.get("error_description") ?? params.get("error") ?? "Sign-in failed.");
  if (!pending || params.get("state") !== pending.state) throw new Error("This sign-in was not started here; please try again.");
  const code = params.get("code");
  if (!code) throw new Error("The identity provider sent no code.");
  const response = await fetch(pending.tokenEndpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: location.origin + CALLBACK_PATH,
      client_id: oidc.client_id,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`The identity provider refused the code (${response.status}).`);
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error("The identity provider sent no access token.");
  return { token: body.access_token, returnTo: pending.returnTo === CALLBACK_PATH ? "/" : pending.returnTo };
}
