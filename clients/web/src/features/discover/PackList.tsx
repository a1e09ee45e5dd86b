import type { PackSummaryBody } from "../../protocol/marketplace";
import { Link } from "../../router";
import type { BuyState } from "./useBuy";
import { formatCredits, formatLength, formatRating, kindWords } from "./words";
import { BuyButton, ProblemNote } from "./BuyButton";

/** Packs as a list: one `listitem` each with its title, creator, what it holds, its price and Buy (or Owned). */
export function PackList({ packs, buying, label, compact = false }: { packs: PackSummaryBody[]; buying: BuyState; label: string; compact?: boolean }) {
  return (
    <ul className={`packs ${compact ? "packs-compact" : ""}`} aria-label={label}>
      {packs.map((p) => (
        <PackItem key={p.pack_id} pack={p} buying={buying} />
      ))}
    </ul>
  );
}

function PackItem({ pack, buying }: { pack: PackSummaryBody; buying: BuyState }) {
  const owned = buying.owned(pack.pack_id, pack.owned);
  const rating = formatRating(pack.rating);
  return (
    <li className="pack">
      <div className="pack-text">
        <h3 className="pack-title">
          <Link to={`/discover/packs/${encodeURIComponent(pack.pack_id)}`}>{pack.title}</Link>
        </h3>
        <p className="pack-by">
          by <Link to={`/discover/creators/${encodeURIComponent(pack.creator.creator_id)}`}>{pack.creator.display_name}</Link>
        </p>
        <p className="pack-meta">
          {[kindWords(pack.kinds), formatLength(pack.duration_ms), pack.ritual_count === 1 ? "1 ritual" : `${pack.ritual_count} rituals`]
            .filter(Boolean)
            .join(" · ")}
          {rating && (
            <>
              {" · "}
              <span aria-label={`rated ${rating} of 5`}>★ {rating}</span>
            </>
          )}
        </p>
        <ProblemNote problem={buying.problems[pack.pack_id]} />
      </div>
      <div className="pack-side">
        {!owned && <span className={`pack-price ${pack.price_credits === 0 ? "pack-free" : ""}`}>{formatCredits(pack.price_credits)}</span>}
        <BuyButton packId={pack.pack_id} owned={owned} buying={buying} />
      </div>
    </li>
  );
}
