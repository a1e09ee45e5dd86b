import { useEffect, useRef, useState } from "react";
import { tokenSubject } from "../../auth/session";
import { getRecommendations, isAbort, problemOf, searchCatalog, type CatalogQuery } from "../../api/marketplace";
import type { CatalogSort, PackSummaryBody } from "../../protocol/marketplace";
import { CreatorPage } from "./CreatorPage";
import { PackList } from "./PackList";
import { PackPage } from "./PackPage";
import { appendPage, LatestOnly } from "./search";
import { useBuy } from "./useBuy";
import { KIND_OPTIONS } from "./words";

const PAGE_SIZE = 20;
const LENGTHS = [5, 10, 20, 30, 60];
const SORTS: { value: CatalogSort; label: string }[] = [
  { value: "relevance", label: "Best match" },
  { value: "popular", label: "Most played" },
  { value: "new", label: "Newest" },
  { value: "rating", label: "Best rated" },
];

interface Filters {
  q: string;
  kind: string;
  maxMinutes: number | null;
  tag: string;
  sort: CatalogSort;
}

const NO_FILTERS: Filters = { q: "", kind: "", maxMinutes: null, tag: "", sort: "relevance" };

/** What was searched last, and by whom, so coming back from a pack page finds the same list (and nobody else's). */
let remembered: { who: string | null; filters: Filters } = { who: null, filters: NO_FILTERS };

function recallFilters(): Filters {
  return remembered.who === tokenSubject() ? remembered.filters : NO_FILTERS;
}

/** /discover, /discover/packs/{id} and /discover/creators/{id}. */
export function DiscoverPage({ path }: { path: string }) {
  const pack = /^\/discover\/packs\/([^/]+)$/.exec(path);
  if (pack) return <PackPage key={pack[1]} packId={decodeURIComponent(pack[1])} />;
  const creator = /^\/discover\/creators\/([^/]+)$/.exec(path);
  if (creator) return <CreatorPage key={creator[1]} creatorId={decodeURIComponent(creator[1])} />;
  return <Search />;
}

type Results =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "done"; items: PackSummaryBody[]; nextCursor: string | null; query: CatalogQuery };

function Search() {
  const [filters, setFilters] = useState<Filters>(recallFilters);
  const [results, setResults] = useState<Results>({ state: "loading" });
  const [more, setMore] = useState<"idle" | "loading" | "error">("idle");
  const [forYou, setForYou] = useState<PackSummaryBody[] | null>(null);
  const searches = useRef(new LatestOnly<{ items: PackSummaryBody[]; next_cursor: string | null }>());
  const pages = useRef(new LatestOnly<{ items: PackSummaryBody[]; next_cursor: string | null }>());
  const first = useRef(true);
  const buying = useBuy();

  // Relevance means nothing without words: the list is then the newest first (the catalog's own default then).
  const sort: CatalogSort = !filters.q.trim() && filters.sort === "relevance" ? "new" : filters.sort;
  const query: CatalogQuery = { q: filters.q, kind: filters.kind, maxMinutes: filters.maxMinutes, tag: filters.tag, sort, limit: PAGE_SIZE };
  const key = JSON.stringify(query);

  useEffect(() => {
    remembered = { who: tokenSubject(), filters };
  }, [filters]);

  // A new query: wait a moment while typing (at once on the first showing), drop the older request, show the latest.
  useEffect(() => {
    const q = JSON.parse(key) as CatalogQuery;
    pages.current.cancel();
    setMore("idle");
    searches.current.schedule(
      (signal) => searchCatalog(q, signal),
      (page) => setResults({ state: "done", items: page.items, nextCursor: page.next_cursor, query: q }),
      (e) => {
        if (!isAbort(e)) setResults({ state: "error", message: problemOf(e, "search").message });
      },
      first.current ? 0 : undefined,
    );
    first.current = false;
  }, [key]);

  useEffect(() => {
    const s = searches.current;
    const p = pages.current;
    return () => {
      s.cancel();
      p.cancel();
    };
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    getRecommendations(controller.signal).then(setForYou, () => setForYou([]));
    return () => controller.abort();
  }, []);

  const loadMore = () => {
    if (results.state !== "done" || !results.nextCursor) return;
    const shown = results;
    setMore("loading");
    pages.current.schedule(
      (signal) => searchCatalog({ ...shown.query, cursor: shown.nextCursor }, signal),
      (page) => {
        const next = appendPage(shown.items, page);
        setResults({ ...shown, items: next.items, nextCursor: next.nextCursor });
        setMore("idle");
      },
      (e) => {
        if (!isAbort(e)) setMore("error");
      },
      0,
    );
  };

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const searching = filters.q.trim() !== "" || filters.kind !== "" || filters.maxMinutes !== null || filters.tag !== "";
  const heading = filters.q.trim() ? "Results" : searching ? "Packs" : (SORTS.find((s) => s.value === sort)?.label ?? "Packs");

  return (
    <section className="page discover" aria-labelledby="discover-title">
      <div className="page-head">
        <h1 id="discover-title">Discover</h1>
        {buying.balance !== null && <p className="page-aside">You have {buying.balance === 1 ? "1 credit" : `${buying.balance} credits`}</p>}
      </div>

      <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="search-box">
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <circle cx="11" cy="11" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <path d="M16 16l4.5 4.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          <input
            type="search"
            value={filters.q}
            onChange={(e) => set({ q: e.target.value })}
            placeholder="Sleep, confidence, a creator…"
            autoComplete="off"
            enterKeyHint="search"
            aria-label="Search"
          />
        </div>
        <div className="filters">
          <label className="filter">
            <span>Kind</span>
            <select value={filters.kind} onChange={(e) => set({ kind: e.target.value })}>
              <option value="">All kinds</option>
              {KIND_OPTIONS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span>Length</span>
            <select value={filters.maxMinutes ?? ""} onChange={(e) => set({ maxMinutes: e.target.value ? Number(e.target.value) : null })}>
              <option value="">Any length</option>
              {LENGTHS.map((m) => (
                <option key={m} value={m}>
                  Up to {m} min
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span>Sort</span>
            <select value={filters.sort} onChange={(e) => set({ sort: e.target.value as CatalogSort })}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span>Tag</span>
            <input type="text" value={filters.tag} onChange={(e) => set({ tag: e.target.value })} placeholder="Any tag" autoComplete="off" />
          </label>
        </div>
      </form>

      <div role="status" aria-live="polite" className="buy-status">
        {buying.done && <p className="notice notice-done">{boughtWords(buying.done.packId, [...(results.state === "done" ? results.items : []), ...(forYou ?? [])])}</p>}
      </div>

      {!searching && forYou && forYou.length > 0 && (
        <section className="shelf" aria-labelledby="for-you-title">
          <h2 id="for-you-title">For you</h2>
          <PackList packs={forYou.slice(0, 3)} buying={buying} label="For you" compact />
        </section>
      )}

      <section className="shelf" aria-labelledby="results-title" aria-busy={results.state === "loading"}>
        <h2 id="results-title">{heading}</h2>
        {results.state === "loading" && <p className="hint">Looking…</p>}
        {results.state === "error" && (
          <p className="notice" role="alert">
            {results.message}
          </p>
        )}
        {results.state === "done" && results.items.length === 0 && (
          <div className="empty">
            <p>{searching ? "Nothing matches that yet." : "No packs have been published yet."}</p>
            {searching && (
              <button type="button" className="btn btn-quiet" onClick={() => set({ q: "", kind: "", maxMinutes: null, tag: "" })}>
                Clear the search
              </button>
            )}
          </div>
        )}
        {results.state === "done" && results.items.length > 0 && <PackList packs={results.items} buying={buying} label={heading} />}
        {results.state === "done" && results.nextCursor && (
          <div className="more">
            {more === "error" && <p className="notice">The next packs could not be loaded.</p>}
            <button type="button" className="btn" onClick={loadMore} disabled={more === "loading"} aria-busy={more === "loading"}>
              {more === "error" ? "Try again" : "Load more"}
            </button>
          </div>
        )}
      </section>
    </section>
  );
}

/** "Bought “Title”: its rituals are in your library." (the title when the list still has it). */
function boughtWords(packId: string, shown: PackSummaryBody[]): string {
  const title = shown.find((p) => p.pack_id === packId)?.title;
  return `Bought${title ? ` “${title}”` : ""}: its rituals are in your library.`;
}
