import type { Problem } from "../../api/marketplace";
import { Link, navigate } from "../../router";
import type { BuyState } from "./useBuy";

/** "Buy", or "Owned" once the pack is the caller's (it then opens the pack page, where it plays from the Library). */
export function BuyButton({ packId, owned, buying, onPackPage = false }: { packId: string; owned: boolean; buying: BuyState; onPackPage?: boolean }) {
  if (owned) {
    return (
      <button
        type="button"
        className="btn btn-owned"
        onClick={() => navigate(onPackPage ? "/library" : `/discover/packs/${encodeURIComponent(packId)}`)}
        title={onPackPage ? "In your library" : "Open the pack"}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path d="M5 12.5l4.2 4.2L19 7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Owned
      </button>
    );
  }
  const busy = buying.busy === packId;
  return (
    <button type="button" className="btn btn-primary pack-buy" disabled={buying.busy !== null} aria-busy={busy} onClick={() => void buying.buy(packId)}>
      Buy
    </button>
  );
}

/** Why a purchase (or anything else) did not happen, calmly; short of credits, with the way to get some. */
export function ProblemNote({ problem }: { problem: Problem | undefined }) {
  if (!problem) return null;
  return (
    <p className="notice pack-problem" role="alert">
      {problem.message}
      {problem.kind === "credits" && (
        <>
          {" "}
          <Link to="/credits">Get credits</Link>
        </>
      )}
    </p>
  );
}
