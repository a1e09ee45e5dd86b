import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpError } from "./http";
import { catalogPath, createPack, getOwnCreator, newKey, problemOf, PurchaseIntents, purchasePack, ratePack } from "./marketplace";

describe("catalog query", () => {
  it("leaves out what is empty and squeezes the words", () => {
    expect(catalogPath({})).toBe("/v1/catalog");
    expect(catalogPath({ q: "  calm   morning ", kind: "", tag: " ", maxMinutes: null })).toBe("/v1/catalog?q=calm+morning");
    expect(catalogPath({ q: "sleep", kind: "meditation", maxMinutes: 10, tag: "night", sort: "rating", limit: 20, cursor: "abc=" })).toBe(
      "/v1/catalog?q=sleep&kind=meditation&max_minutes=10&tag=night&sort=rating&limit=20&cursor=abc%3D",
    );
    expect(catalogPath({ maxMinutes: 0, sort: "popular" })).toBe("/v1/catalog?sort=popular");
  });

  it("keeps the words and the tag within what the catalog takes", () => {
    expect(catalogPath({ q: "a".repeat(250) })).toBe(`/v1/catalog?q=${"a".repeat(200)}`);
    expect(catalogPath({ tag: "t".repeat(70) })).toBe(`/v1/catalog?tag=${"t".repeat(64)}`);
  });

  it("escapes what the reader types", () => {
    expect(catalogPath({ q: "a&b=c #1" })).toBe("/v1/catalog?q=a%26b%3Dc+%231");
  });
});

describe("idempotency keys", () => {
  it("keeps one key per intent: reused after a network failure or a 5xx, new after an answer", () => {
    let n = 0;
    const intents = new PurchaseIntents(() => `k${++n}`);
    expect(intents.keyFor("p1")).toBe("k1");
    intents.settle("p1", new TypeError("Failed to fetch"));
    expect(intents.keyFor("p1")).toBe("k1");
    intents.settle("p1", new HttpError(503, "busy"));
    expect(intents.keyFor("p1")).toBe("k1");
    expect(intents.keyFor("p2")).toBe("k2");
    intents.settle("p1");
    expect(intents.keyFor("p1")).toBe("k3");
    intents.settle("p1", new HttpError(402, "short"));
    expect(intents.keyFor("p1")).toBe("k4");
  });

  it("makes version 4 UUIDs", () => {
    expect(newKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("errors in plain words", () => {
  it("maps 402, 403, 404, a lost network and the rest", () => {
    expect(problemOf(new HttpError(402, "Insufficient credits"), "buy")).toMatchObject({ kind: "credits", message: expect.stringMatching(/not have enough credits/) });
    expect(problemOf(new HttpError(403, "Forbidden"), "rate")).toEqual({ kind: "forbidden", message: "Only people who own this pack can rate it." });
    expect(problemOf(new HttpError(403, "Forbidden"), "studio").message).toMatch(/Only creators/);
    expect(problemOf(new HttpError(404, "Not Found"), "pack")).toMatchObject({ kind: "missing", message: expect.stringMatching(/not available/) });
    expect(problemOf(new HttpError(404, "Not Found"), "creator").message).toMatch(/creator could not be found/);
    expect(problemOf(new TypeError("Failed to fetch")).kind).toBe("offline");
    expect(problemOf(new HttpError(409, "The title is taken."))).toEqual({ kind: "other", message: "The title is taken." });
  });
});

describe("REST calls", () => {
  const calls: { url: string; init: RequestInit }[] = [];
  let answers: (() => Response | Promise<Response>)[] = [];
  beforeEach(() => {
    calls.length = 0;
    const store = new Map<string, string>([["waqup.token", "t0k3n"]]);
    vi.stubGlobal("sessionStorage", { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) });
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answers.shift()!();
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const problem = (status: number, detail: string) => new Response(JSON.stringify({ detail }), { status, headers: { "Content-Type": "application/problem+json" } });

  it("a retried purchase sends the same Idempotency-Key, with the bearer token", async () => {
    const intents = new PurchaseIntents();
    answers = [() => Promise.reject(new TypeError("Failed to fetch")), () => new Response(JSON.stringify({ pack_id: "p1", credits_charged: 5 }))];
    const attempt = async () => {
      try {
        const r = await purchasePack("p1", intents.keyFor("p1"));
        intents.settle("p1");
        return r;
      } catch (e) {
        intents.settle("p1", e);
        throw e;
      }
    };
    await expect(attempt()).rejects.toBeInstanceOf(TypeError);
    await expect(attempt()).resolves.toEqual({ pack_id: "p1", credits_charged: 5 });
    const keys = calls.map((c) => new Headers(c.init.headers).get("Idempotency-Key"));
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(calls[0].url).toBe("/v1/packs/p1/purchase");
    expect(calls[0].init.method).toBe("POST");
    expect(new Headers(calls[1].init.headers).get("Authorization")).toBe("Bearer t0k3n");
  });

  it("a 402 carries its status for the page to say so", async () => {
    answers = [() => problem(402, "Not enough credits")];
    const error = await purchasePack("p1", "k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(402);
    expect(problemOf(error, "buy").kind).toBe("credits");
  });

  it("tells a creator from a listener: GET /v1/me/creator, 404 for someone who is not one", async () => {
    answers = [() => new Response(JSON.stringify({ creator_id: "cr_1", display_name: "Ada", bio: "" }))];
    expect(await getOwnCreator()).toEqual({ creator_id: "cr_1", display_name: "Ada", bio: "" });
    answers = [() => problem(404, "Not a creator")];
    expect(await getOwnCreator()).toBeNull();
    answers = [() => problem(500, "Down")];
    await expect(getOwnCreator()).rejects.toBeInstanceOf(HttpError);
    expect(calls.map((c) => c.url)).toEqual(["/v1/me/creator", "/v1/me/creator", "/v1/me/creator"]);
  });

  it("creates a pack with its form's Idempotency-Key and the JSON body", async () => {
    answers = [() => new Response(JSON.stringify({ pack_id: "pk_1", status: "draft" }), { status: 201 })];
    await createPack({ title: "T", description: "", ritual_ids: ["r1"], price_credits: 0, tags: [] }, "form-key");
    const headers = new Headers(calls[0].init.headers);
    expect(headers.get("Idempotency-Key")).toBe("form-key");
    expect(headers.get("Content-Type")).toBe("application/json");
    expect(JSON.parse(calls[0].init.body as string)).toMatchObject({ title: "T", ritual_ids: ["r1"] });
  });

  it("rates a pack and reads the new mean, or none from an empty answer", async () => {
    answers = [() => new Response(JSON.stringify({ pack_id: "p1", stars: 4, rating: 4.5, rating_count: 2 })), () => new Response(null, { status: 204 })];
    expect(await ratePack("p1", 4)).toBe(4.5);
    expect(await ratePack("p1", 5)).toBeNull();
    expect(JSON.parse(calls[0].init.body as string)).toEqual({ stars: 4 });
    expect(calls[1].url).toBe("/v1/packs/p1/rating");
  });
});
