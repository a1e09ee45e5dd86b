import { getToken, setToken } from "../auth/session";
import type { DevTokenResponse, LibraryItem, MeResponse } from "../protocol/wire";

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** A REST call with the bearer token; a 401 signs the person out (the app then shows sign-in). */
export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const token = getToken();
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) {
    setToken(null);
    throw new HttpError(401, "Your sign-in has expired.");
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = (await response.json()) as { title?: string; detail?: string };
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not problem details
    }
    throw new HttpError(response.status, detail);
  }
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await api(path)).json()) as T;
}

export const getMe = () => getJson<MeResponse>("/v1/me");
export const getLibrary = () => getJson<LibraryItem[]>("/v1/library");

export async function devSignIn(userId: string): Promise<DevTokenResponse> {
  const response = await fetch("/v1/auth/dev-token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user_id: userId }),
  });
  if (!response.ok) {
    let detail = "That user id was not accepted.";
    try {
      detail = ((await response.json()) as { detail?: string }).detail ?? detail;
    } catch {
      // not problem details
    }
    throw new HttpError(response.status, detail);
  }
  return (await response.json()) as DevTokenResponse;
}

export function conversationUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/v1/conversation?access_token=${encodeURIComponent(getToken() ?? "")}`;
}
