import { useEffect, useState } from "react";
import { getCreator, problemOf, profilePacks, type Problem } from "../../api/marketplace";
import type { CreatorProfileBody } from "../../protocol/marketplace";
import { Link } from "../../router";
import { PackList } from "./PackList";
import { useBuy } from "./useBuy";

/** /discover/creators/{id}: a creator's name, bio and published packs. */
export function CreatorPage({ creatorId }: { creatorId: string }) {
  const [profile, setProfile] = useState<CreatorProfileBody | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const buying = useBuy();

  useEffect(() => {
    let live = true;
    getCreator(creatorId).then(
      (p) => {
        if (!live) return;
        setProfile(p);
        document.title = `${p.display_name} · waQup`;
      },
      (e) => live && setProblem(problemOf(e, "creator")),
    );
    return () => {
      live = false;
    };
  }, [creatorId]);

  const packs = profile ? profilePacks(profile) : [];
  return (
    <section className="page creator-page" aria-labelledby="creator-title">
      <p className="back">
        <Link to="/discover">← Discover</Link>
      </p>
      {problem && (
        <>
          <h1 id="creator-title">Creator not found</h1>
          <p className="notice" role="alert">
            {problem.message}
          </p>
        </>
      )}
      {!problem && !profile && <p className="hint">Opening the profile…</p>}
      {profile && (
        <>
          <div className="card creator-hero">
            <div className="avatar" aria-hidden="true">
              {profile.display_name.trim().charAt(0).toUpperCase() || "·"}
            </div>
            <div>
              <h1 id="creator-title">{profile.display_name}</h1>
              {profile.bio && <p className="creator-bio">{profile.bio}</p>}
            </div>
          </div>
          <h2>Packs</h2>
          {packs.length === 0 ? <p className="hint">No packs published yet.</p> : <PackList packs={packs} buying={buying} label="Packs" />}
        </>
      )}
    </section>
  );
}
