/** What the api tells the app at `GET /config.json`: which sign-in to offer. */
export interface AppConfig {
  dev_tokens: boolean;
  oidc: { authority: string; client_id: string; scope?: string } | null;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  const body = (await response.json()) as Partial<AppConfig>;
  return { dev_tokens: body.dev_tokens === true, oidc: body.oidc ?? null };
}
