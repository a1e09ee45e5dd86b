// The marketplace's REST calls (PROTOCOL.md, "v1.1: marketplace, creators and rewards"), with the bearer token.
import type {
  CreatorPacksBody,
  AnalyticsBody,
  CatalogPage,
  CatalogSort,
  CreatorBody,
  CreatorProfileBody,
  CreatorUpdateRequest,
  LibraryEntry,
  PackBody,
  PackCreateRequest,
  PackPatchRequest,
  PackSummaryBody,
  PurchaseBody,
  RatingBody,
  RecommendationsBody,
  RewardsBody,
} from "../protocol/marketplace";
import { api, getJson, HttpError } from "./http";

/** What Discover asks the catalog for. Empty parts are left out of the address. */
export interface CatalogQuery {
  q?: string;
  kind?: string;
  maxMinutes?: number | null;
  tag?: string;
  sort?: CatalogSort;
  limit?: number;
  cursor?: string | null;
}

/** `/v1/catalog?...` for a query: the words trimmed and their spaces squeezed, nothing empty sent. */
export function catalogPath(query: CatalogQuery): string {
  const params = new URLSearchParams();
  // The catalog takes up to 200 characters of words and 64 of tag.
  const q = (query.q ?? "").trim().replace(/\s+/g, " ").slice(0, 200);
  if (q) params.set("q", q);
  if (query.kind) params.set("kind", query.kind);
  if (query.maxMinutes != null && query.maxMinutes > 0) params.set("max_minutes", String(query.maxMinutes));
  const tag = (query.tag ?? "").trim().slice(0, 64);
  if (tag) params.set("tag", tag);
  if (query.sort) params.set("sort", query.sort);
  if (query.limit) params.set("limit", String(query.limit));
  if (query.cursor) params.set("cursor", query.cursor);
  const s = params.toString();
  return s ? `/v1/catalog?${s}` : "/v1/catalog";
}

const json = (body: unknown): RequestInit => ({ headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const enc = encodeURIComponent;

export async function searchCatalog(query: CatalogQuery, signal?: AbortSignal): Promise<CatalogPage> {
  const page = (await (await api(catalogPath(query), { signal })).json()) as CatalogPage;
  return { items: page.items ?? [], next_cursor: page.next_cursor ?? null };
}

export async function getRecommendations(signal?: AbortSignal): Promise<PackSummaryBody[]> {
  return ((await (await api("/v1/recommendations", { signal })).json()) as RecommendationsBody).items ?? [];
}

export const getPack = (id: string) => getJson<PackBody>(`/v1/packs/${enc(id)}`);
export const getCreator = (id: string) => getJson<CreatorProfileBody>(`/v1/creators/${enc(id)}`);
export const getOwnPacks = () => getJson<CreatorPacksBody>("/v1/me/creator/packs");
export const getOwnLibrary = () => getJson<LibraryEntry[]>("/v1/library");
export const getRewards = () => getJson<RewardsBody>("/v1/me/creator/rewards");
export const getAnalytics = (from: string, to: string) => getJson<AnalyticsBody>(`/v1/me/creator/analytics?from=${enc(from)}&to=${enc(to)}`);

/** A creator profile's published packs, whichever name the list has. */
export const profilePacks = (profile: CreatorProfileBody): PackSummaryBody[] => profile.packs ?? profile.items ?? [];

/** Buys a pack; the same key (a retry of the same click) never charges twice. 402 when credits are short. */
export async function purchasePack(id: string, idempotencyKey: string): Promise<PurchaseBody> {
  const response = await api(`/v1/packs/${enc(id)}/purchase`, { method: "POST", headers: { "Idempotency-Key": idempotencyKey } });
  return (await response.json()) as PurchaseBody;
}

/** Rates a pack; answers its new mean rating when the server says it (null otherwise). */
export async function ratePack(id: string, stars: number): Promise<number | null> {
  const answer = await bodyOrNull<RatingBody>(await api(`/v1/packs/${enc(id)}/rating`, { method: "POST", ...json({ stars }) }));
  return typeof answer?.rating === "number" ? answer.rating : null;
}

export async function becomeCreator(request: CreatorUpdateRequest): Promise<CreatorBody> {
  return (await (await api("/v1/me/creator", { method: "PUT", ...json(request) })).json()) as CreatorBody;
}

/** Makes a draft; the same `idempotencyKey` (a retry of the same form) makes it once. */
export async function createPack(request: PackCreateRequest, idempotencyKey: string): Promise<PackBody> {
  const init = json(request);
  const headers = { ...(init.headers as Record<string, string>), "Idempotency-Key": idempotencyKey };
  return (await (await api("/v1/packs", { method: "POST", ...init, headers })).json()) as PackBody;
}

export async function updatePack(id: string, patch: PackPatchRequest): Promise<PackBody | null> {
  return bodyOrNull<PackBody>(await api(`/v1/packs/${enc(id)}`, { method: "PATCH", ...json(patch) }));
}

export async function setPublished(id: string, published: boolean): Promise<PackBody | null> {
  return bodyOrNull<PackBody>(await api(`/v1/packs/${enc(id)}/${published ? "publish" : "unpublish"}`, { method: "POST" }));
}

/** The answer's JSON, or null for an empty answer (204, or 200 without a body). */
async function bodyOrNull<T>(response: Response): Promise<T | null> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** The caller as a creator (`GET /v1/me/creator`), or null when they are not one (404). */
export async function getOwnCreator(): Promise<CreatorBody | null> {
  try {
    return await getJson<CreatorBody>("/v1/me/creator");
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return null;
    throw e;
  }
}

/** A fresh UUID (randomUUID needs a secure context; getRandomValues does not). */
export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One Idempotency-Key per intent to buy a pack: made on the first click, reused when that purchase is tried again
 * (the network failed, the server did not answer), dropped once the server has given its answer (bought, or refused:
 * a 402 is final for that key, so buying after a top-up is a new intent).
 */
export class PurchaseIntents {
  private readonly keys = new Map<string, string>();
  constructor(private readonly make: () => string = newKey) {}

  keyFor(packId: string): string {
    let key = this.keys.get(packId);
    if (!key) {
      key = this.make();
      this.keys.set(packId, key);
    }
    return key;
  }

  /** After an answer: a network failure or a 5xx keeps the key for the retry; anything else ends the intent. */
  settle(packId: string, error?: unknown): void {
    const retryable = error !== undefined && (!(error instanceof HttpError) || error.status >= 500 || error.status === 429 || error.status === 409);
    if (!retryable) this.keys.delete(packId);
  }
}

/** What went wrong, for people: `kind` lets a page add a link (to Credits for 402). */
export interface Problem {
  kind: "credits" | "forbidden" | "missing" | "offline" | "other";
  message: string;
}

export function problemOf(error: unknown, what: "buy" | "rate" | "pack" | "creator" | "studio" | "search" = "pack"): Problem {
  if (error instanceof HttpError) {
    switch (error.status) {
      case 402:
        return { kind: "credits", message: "You do not have enough credits for this pack yet. Nothing was charged." };
      case 403:
        return {
          kind: "forbidden",
          message:
            what === "rate"
              ? "Only people who own this pack can rate it."
              : what === "studio"
                ? "Only creators can do that. Become a creator first."
                : "This is not open to you.",
        };
      case 404:
        return { kind: "missing", message: what === "creator" ? "This creator could not be found." : "This pack is not available (it may have been taken down)." };
      default:
        return { kind: "other", message: error.message || "Something went wrong. Please try again." };
    }
  }
  if (error instanceof TypeError) return { kind: "offline", message: "waQup cannot be reached right now. Please try again in a moment." };
  return { kind: "other", message: (error as Error)?.message || "Something went wrong. Please try again." };
}

export const isAbort = (e: unknown) => e instanceof DOMException && e.name === "AbortError";
