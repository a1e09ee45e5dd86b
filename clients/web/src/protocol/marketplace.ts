// The marketplace's wire types (PROTOCOL.md, "v1.1: marketplace, creators and rewards"). The pack summary and the
// creator reference mirror abstractions/WaQup.Abstractions/Rest/MarketplaceBodies.cs field for field; the rest is
// written from the contract's table. Kept apart from wire.ts, which WireTypesTests checks against the C# records.
import type { LedgerEntryBody, LibraryItem } from "./wire";

export type RitualKind = "affirmation" | "meditation" | "ritual";
export type PackStatus = "draft" | "published" | "unpublished";
export type CatalogSort = "relevance" | "popular" | "new" | "rating";

/** CreatorRefBody: a pack's creator as lists show it (never the user id). */
export interface CreatorRefBody {
  creator_id: string;
  display_name: string;
}

/** PackSummaryBody: a pack in the catalog, the recommendations and a creator's profile. */
export interface PackSummaryBody {
  pack_id: string;
  title: string;
  description: string;
  creator: CreatorRefBody;
  price_credits: number;
  tags: string[];
  kinds: string[];
  duration_ms: number;
  ritual_count: number;
  rating: number | null;
  plays: number;
  published_at: string | null;
  owned: boolean;
}

/** `GET /v1/catalog`. */
export interface CatalogPage {
  items: PackSummaryBody[];
  next_cursor: string | null;
}

/** `GET /v1/recommendations`. */
export interface RecommendationsBody {
  items: PackSummaryBody[];
}

/** A ritual as a pack page lists it. */
export interface PackRitualBody {
  ritual_id: string;
  kind: string;
  title: string;
  duration_ms: number;
}

/** `GET /v1/packs/{id}`, and what creating, editing, publishing and unpublishing answer. */
export interface PackBody {
  pack_id: string;
  title: string;
  description: string;
  creator: CreatorRefBody;
  price_credits: number;
  tags: string[];
  status: PackStatus;
  rituals: PackRitualBody[];
  owned: boolean;
  rating: number | null;
  plays: number;
}

/** `POST /v1/packs` body; `PATCH /v1/packs/{id}` takes any part of it. */
export interface PackCreateRequest {
  title: string;
  description: string;
  ritual_ids: string[];
  price_credits: number;
  tags: string[];
}

export type PackPatchRequest = Partial<PackCreateRequest>;

/** `POST /v1/packs/{id}/purchase`. */
export interface PurchaseBody {
  pack_id: string;
  credits_charged: number;
}

/** `POST /v1/packs/{id}/rating`: the pack's mean rating after the caller's. */
export interface RatingBody {
  pack_id: string;
  stars: number;
  rating: number | null;
  rating_count?: number;
}

/** `PUT /v1/me/creator` body and answer. */
export interface CreatorUpdateRequest {
  display_name: string;
  bio: string;
}

export interface CreatorBody {
  creator_id: string;
  display_name: string;
  bio: string;
}

/** `GET /v1/creators/{id}`: the public profile and the published packs (`packs`; `items` is read too). */
export interface CreatorProfileBody extends CreatorBody {
  packs?: PackSummaryBody[];
  items?: PackSummaryBody[];
}

/** `GET /v1/me/creator/analytics`. */
/** One of the caller's own packs on `GET /v1/me/creator/packs`, in any status. */
export interface CreatorPackBody {
  status: "draft" | "published" | "unpublished";
  pack: PackSummaryBody;
}

export interface CreatorPacksBody {
  items: CreatorPackBody[];
}

export interface AnalyticsDay {
  date: string;
  plays: number;
  completions: number;
  purchases: number;
  credits_earned: number;
}

export interface AnalyticsBody {
  days: AnalyticsDay[];
}

/** `GET /v1/me/creator/rewards`. */
export interface RewardsBody {
  balance: number;
  ledger: LedgerEntryBody[];
}

/**
 * A library entry with where it came from: "created" (the caller's own) or "purchased" (from a pack they own). Read
 * as optional, so that an older server (no `source`) reads as the caller's own rituals.
 */
export type LibraryEntry = Omit<LibraryItem, "source"> & { source?: string };
