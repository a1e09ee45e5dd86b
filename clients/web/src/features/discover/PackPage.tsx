import { useEffect, useState } from "react";
import { getPack, problemOf, ratePack, type Problem } from "../../api/marketplace";
import type { PackBody } from "../../protocol/marketplace";
import { Link } from "../../router";
import { BuyButton, ProblemNote } from "./BuyButton";
import { useBuy } from "./useBuy";
import { formatCredits, formatLength, formatPlays, formatRating, kindWords } from "./words";

/** /discover/packs/{id}: what the pack holds, Buy or Owned, and once owned, stars and the way to the Library. */
export function PackPage({ packId }: { packId: string }) {
  const [pack, setPack] = useState<PackBody | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const buying = useBuy();

  useEffect(() => {
    let live = true;
    getPack(packId).then(
      (p) => {
        if (!live) return;
        setPack(p);
        document.title = `${p.title} · waQup`;
      },
      (e) => live && setProblem(problemOf(e, "pack")),
    );
    return () => {
      live = false;
    };
  }, [packId]);

  if (problem) {
    return (
      <section className="page pack-page" aria-labelledby="pack-title">
        <BackLink />
        <h1 id="pack-title">{problem.kind === "missing" ? "Pack not found" : "This pack could not be opened"}</h1>
        <p className="notice" role="alert">
          {problem.message}
        </p>
      </section>
    );
  }
  if (!pack) {
    return (
      <section className="page pack-page" aria-busy="true">
        <BackLink />
        <p className="hint">Opening the pack…</p>
      </section>
    );
  }

  const owned = buying.owned(pack.pack_id, pack.owned);
  const length = pack.rituals.reduce((n, r) => n + r.duration_ms, 0);
  const kinds = [...new Set(pack.rituals.map((r) => r.kind))];
  const rating = formatRating(pack.rating);
  return (
    <section className="page pack-page" aria-labelledby="pack-title">
      <BackLink />
      <article className="card pack-hero">
        {pack.status !== "published" && <p className="pill pill-quiet">{pack.status === "draft" ? "Draft: only you can see it" : "Not on sale"}</p>}
        <h1 id="pack-title">{pack.title}</h1>
        <p className="pack-by">
          by <Link to={`/discover/creators/${encodeURIComponent(pack.creator.creator_id)}`}>{pack.creator.display_name}</Link>
        </p>
        <p className="pack-meta">
          {[kindWords(kinds), formatLength(length), formatPlays(pack.plays)].filter(Boolean).join(" · ")}
          {" · "}
          {rating ? <span aria-label={`rated ${rating} of 5`}>★ {rating}</span> : "Not rated yet"}
        </p>
        {pack.description && <p className="pack-description">{pack.description}</p>}
        {pack.tags.length > 0 && (
          <ul className="tags" aria-label="Tags">
            {pack.tags.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        )}
        {/* The pack's one listitem-free action row: its price and Buy, or Owned and the way to play it. */}
        <div className="pack-action">
          <span className={`pack-price pack-price-big ${pack.price_credits === 0 ? "pack-free" : ""}`}>{formatCredits(pack.price_credits)}</span>
          <BuyButton packId={pack.pack_id} owned={owned} buying={buying} onPackPage />
          {owned && (
            <Link to="/library" className="btn btn-quiet">
              Play in your Library
            </Link>
          )}
        </div>
        <ProblemNote problem={buying.problems[pack.pack_id]} />
        <div role="status" aria-live="polite" className="buy-status">
          {buying.done?.packId === pack.pack_id && (
            <p className="notice notice-done">
              Bought{buying.done.charged > 0 ? ` for ${formatCredits(buying.done.charged)}` : ""}. Its rituals are in your library.
              {buying.balance !== null && ` You have ${buying.balance === 1 ? "1 credit" : `${buying.balance} credits`} left.`}
            </p>
          )}
        </div>
      </article>

      <div className="card">
        <h2>In this pack</h2>
        <ol className="pack-rituals">
          {pack.rituals.map((r) => (
            <li key={r.ritual_id}>
              <span className="pack-ritual-title">{r.title}</span>
              <span className="pack-ritual-meta">
                {kindWords([r.kind])} · {formatLength(r.duration_ms)}
              </span>
            </li>
          ))}
        </ol>
      </div>

      {owned && <Stars packId={pack.pack_id} onRated={(rating) => rating !== null && setPack((p) => (p ? { ...p, rating } : p))} />}
    </section>
  );
}

function BackLink() {
  return (
    <p className="back">
      <Link to="/discover">← Discover</Link>
    </p>
  );
}

/** Five stars as a radio group: choosing one rates the pack (owners only; the last rating stands). */
function Stars({ packId, onRated }: { packId: string; onRated: (rating: number | null) => void }) {
  const [stars, setStars] = useState(0);
  const [hover, setHover] = useState(0);
  const [state, setState] = useState<{ kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string }>({ kind: "idle" });

  const rate = async (n: number) => {
    setStars(n);
    setState({ kind: "saving" });
    try {
      onRated(await ratePack(packId, n));
      setState({ kind: "saved" });
    } catch (e) {
      setState({ kind: "error", message: problemOf(e, "rate").message });
    }
  };

  const shown = hover || stars;
  return (
    <div className="card">
      <fieldset className="stars" onMouseLeave={() => setHover(0)}>
        <legend>Your rating</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={`star ${n <= shown ? "star-on" : ""}`} onMouseEnter={() => setHover(n)}>
            <input type="radio" name={`stars-${packId}`} value={n} checked={stars === n} onChange={() => void rate(n)} className="visually-hidden" />
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">{n === 1 ? "1 star" : `${n} stars`}</span>
          </label>
        ))}
      </fieldset>
      <p role="status" aria-live="polite" className="hint stars-status">
        {state.kind === "saving" && "Saving…"}
        {state.kind === "saved" && `Thank you: you gave it ${stars === 1 ? "1 star" : `${stars} stars`}.`}
        {state.kind === "error" && state.message}
      </p>
    </div>
  );
}
