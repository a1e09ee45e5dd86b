import { type FormEvent, useCallback, useEffect, useState } from "react";
import { getMe } from "../../api/http";
import {
  becomeCreator,
  createPack,
  getAnalytics,
  getOwnLibrary,
  getPack,
  getRewards,
  problemOf,
  getOwnPacks,
  setPublished,
  updatePack,
  getOwnCreator,
  newKey,
} from "../../api/marketplace";
import type { AnalyticsDay, CreatorBody, LibraryEntry, PackBody, PackStatus, PackSummaryBody, RewardsBody } from "../../protocol/marketplace";
import { Link } from "../../router";
import { entryWords, formatDate } from "../credits/words";
import { formatCredits, formatLength, kindWords, MAX_PRICE, parsePrice, parseTags } from "../discover/words";
import { AnalyticsChart } from "./AnalyticsChart";
import { dayWindow, fillDays } from "./analytics";

const DAYS = 14;

/** A pack as the Studio lists it: from `GET /v1/packs/{id}` (any status) or the public profile (published ones). */
interface StudioPack {
  pack_id: string;
  title: string;
  description: string;
  price_credits: number;
  tags: string[];
  status: PackStatus;
  ritual_ids: string[] | null;
  ritual_count: number;
}

const fromBody = (p: PackBody): StudioPack => ({
  pack_id: p.pack_id,
  title: p.title,
  description: p.description ?? "",
  price_credits: p.price_credits,
  tags: p.tags ?? [],
  status: p.status ?? "draft",
  ritual_ids: (p.rituals ?? []).map((r) => r.ritual_id),
  ritual_count: (p.rituals ?? []).length,
});

const fromSummary = (p: PackSummaryBody, status: PackStatus): StudioPack => ({
  pack_id: p.pack_id,
  title: p.title,
  description: p.description ?? "",
  price_credits: p.price_credits,
  tags: p.tags ?? [],
  status,
  ritual_ids: null,
  ritual_count: p.ritual_count,
});

type Who = { state: "checking" } | { state: "visitor" } | { state: "creator"; creator: CreatorBody } | { state: "error"; message: string };

export function StudioPage() {
  const [who, setWho] = useState<Who>({ state: "checking" });

  useEffect(() => {
    let live = true;
    getOwnCreator().then(
      (creator) => live && setWho(creator ? { state: "creator", creator } : { state: "visitor" }),
      (e) => live && setWho({ state: "error", message: problemOf(e, "studio").message }),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="page studio" aria-labelledby="studio-title">
      <h1 id="studio-title">Studio</h1>
      {who.state === "checking" && <p className="hint">Opening your studio…</p>}
      {who.state === "error" && (
        <p className="notice" role="alert">
          {who.message}
        </p>
      )}
      {who.state === "visitor" && (
        <BecomeCreator
          onDone={(creator) => setWho({ state: "creator", creator })}
        />
      )}
      {who.state === "creator" && <Workshop creator={who.creator} />}
    </section>
  );
}

function BecomeCreator({ onDone }: { onDone: (c: CreatorBody) => void }) {
  const [name, setName] = useState("");
  const [bio, setBio] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getMe().then(
      (me) => setName((n) => n || me.display_name || ""),
      () => undefined,
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const display = name.trim();
    if (!display) {
      setError("Please choose the name listeners will see.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await becomeCreator({ display_name: display.slice(0, 60), bio: bio.trim() }));
    } catch (err) {
      setError(problemOf(err, "studio").message);
      setBusy(false);
    }
  };

  return (
    <form className="card studio-welcome" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Share your rituals</h2>
      <p>
        Gather the affirmations and meditations you made into packs, set a price (or give them away), and publish them in
        Discover. You earn credits when people buy them and come back to them.
      </p>
      <div className="field">
        <label htmlFor="creator-name">Display name</label>
        <input id="creator-name" type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoComplete="nickname" required />
      </div>
      <div className="field">
        <label htmlFor="creator-bio">Bio</label>
        <textarea id="creator-bio" value={bio} onChange={(e) => setBio(e.target.value)} rows={3} maxLength={1000} placeholder="A line or two about what you make" />
      </div>
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
        Become a creator
      </button>
    </form>
  );
}

/** A creator's studio: the pack form, their packs, the numbers, the rewards. */
function Workshop({ creator }: { creator: CreatorBody }) {
  const [library, setLibrary] = useState<LibraryEntry[] | null>(null);
  const [packs, setPacks] = useState<StudioPack[]>([]);
  const [packsLoaded, setPacksLoaded] = useState(false);
  const [editing, setEditing] = useState<StudioPack | null>(null);
  const [rowBusy, setRowBusy] = useState<string | null>(null);
  const [rowProblem, setRowProblem] = useState<{ id: string; message: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // A new key empties the form after a pack is made.
  const [formRound, setFormRound] = useState(0);

  useEffect(() => {
    getOwnLibrary().then(
      (items) => setLibrary(items.filter((i) => (i.source ?? "created") === "created")),
      () => setLibrary([]),
    );
  }, []);

  // The creator's packs in every status, drafts included, newest first.
  useEffect(() => {
    let live = true;
    void getOwnPacks().then(
      (answer) => {
        if (!live) return;
        const list = answer.items.map((i) => fromSummary(i.pack, i.status));
        setPacks((now) => [...now.filter((n) => !list.some((l) => l.pack_id === n.pack_id)), ...list]);
        setPacksLoaded(true);
      },
      () => live && setPacksLoaded(true),
    );
    return () => {
      live = false;
    };
  }, [creator]);

  const put = (p: StudioPack) => setPacks((list) => (list.some((x) => x.pack_id === p.pack_id) ? list.map((x) => (x.pack_id === p.pack_id ? p : x)) : [p, ...list]));

  const publish = async (p: StudioPack, on: boolean) => {
    setRowBusy(p.pack_id);
    setRowProblem(null);
    try {
      const answer = await setPublished(p.pack_id, on);
      put(answer?.pack_id ? fromBody(answer) : { ...p, status: on ? "published" : "unpublished" });
      setStatus(on ? `“${p.title}” is published: listeners can find it in Discover.` : `“${p.title}” is no longer on sale. Its owners keep it.`);
    } catch (e) {
      setRowProblem({ id: p.pack_id, message: problemOf(e, "studio").message });
    } finally {
      setRowBusy(null);
    }
  };

  const edit = async (p: StudioPack) => {
    setRowProblem(null);
    if (p.ritual_ids) {
      setEditing(p);
      return;
    }
    try {
      setEditing(fromBody(await getPack(p.pack_id)));
    } catch (e) {
      setRowProblem({ id: p.pack_id, message: problemOf(e, "studio").message });
    }
  };

  return (
    <>
      <p className="studio-who">
        Publishing as <Link to={`/discover/creators/${encodeURIComponent(creator.creator_id)}`}>{creator.display_name}</Link>
      </p>
      <div role="status" aria-live="polite" className="buy-status">
        {status && <p className="notice notice-done">{status}</p>}
      </div>

      <PackForm
        key={editing ? `edit-${editing.pack_id}` : `new-${formRound}`}
        library={library}
        editing={editing}
        onCancel={() => setEditing(null)}
        onSaved={(p, created) => {
          put(p);
          setEditing(null);
          setFormRound((n) => n + 1);
          setStatus(created ? `“${p.title}” is saved as a draft. Publish it when it is ready.` : `“${p.title}” is updated.`);
        }}
      />

      <div className="card">
        <h2 id="your-packs">Your packs</h2>
        {!packsLoaded && packs.length === 0 && <p className="hint">Gathering your packs…</p>}
        {packsLoaded && packs.length === 0 && <p className="hint">No packs yet. The first one starts in the form above.</p>}
        {packs.length > 0 && (
          <ul className="studio-packs" aria-labelledby="your-packs">
            {packs.map((p) => (
              <li key={p.pack_id} className="studio-pack">
                <div className="pack-text">
                  <h3 className="pack-title">
                    <Link to={`/discover/packs/${encodeURIComponent(p.pack_id)}`}>{p.title}</Link>
                  </h3>
                  <p className="pack-meta">
                    <span className={`status status-${p.status}`}>{STATUS_WORDS[p.status]}</span>
                    {" · "}
                    {formatCredits(p.price_credits)} · {p.ritual_count === 1 ? "1 ritual" : `${p.ritual_count} rituals`}
                  </p>
                  {rowProblem?.id === p.pack_id && (
                    <p className="notice pack-problem" role="alert">
                      {rowProblem.message}
                    </p>
                  )}
                </div>
                <div className="studio-pack-actions">
                  <button type="button" className="btn btn-quiet btn-small" onClick={() => void edit(p)} disabled={rowBusy !== null} aria-label={`Edit ${p.title}`}>
                    Edit
                  </button>
                  {p.status === "published" ? (
                    <button type="button" className="btn btn-small" onClick={() => void publish(p, false)} disabled={rowBusy !== null} aria-busy={rowBusy === p.pack_id}>
                      Unpublish
                    </button>
                  ) : (
                    <button type="button" className="btn btn-primary btn-small" onClick={() => void publish(p, true)} disabled={rowBusy !== null} aria-busy={rowBusy === p.pack_id}>
                      Publish
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>

      <Numbers />
    </>
  );
}

const STATUS_WORDS: Record<PackStatus, string> = { draft: "Draft", published: "Published", unpublished: "Not on sale" };

/** One form for a new pack and for changing one ("Edit" fills it): one Title box and one Price box on the page. */
function PackForm({
  library,
  editing,
  onSaved,
  onCancel,
}: {
  library: LibraryEntry[] | null;
  editing: StudioPack | null;
  onSaved: (p: StudioPack, created: boolean) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(editing?.title ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [chosen, setChosen] = useState<string[]>(editing?.ritual_ids ?? []);
  const [tags, setTags] = useState(editing?.tags.join(", ") ?? "");
  const [price, setPrice] = useState(String(editing?.price_credits ?? 0));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key for this form: a second try after a failure makes the same pack, not another (a new form, a new key).
  const [key] = useState(newKey);

  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const credits = parsePrice(price);
    if (!title.trim()) return setError("Give the pack a title.");
    if (chosen.length === 0) return setError("Choose at least one ritual for the pack.");
    if (credits === null) return setError(`The price is a whole number of credits, from 0 (free) to ${MAX_PRICE}.`);
    setBusy(true);
    setError(null);
    const body = { title: title.trim(), description: description.trim(), ritual_ids: chosen, price_credits: credits, tags: parseTags(tags) };
    try {
      if (editing) {
        const answer = await updatePack(editing.pack_id, body);
        onSaved(answer?.pack_id ? fromBody(answer) : { ...editing, ...body, ritual_count: chosen.length }, false);
      } else {
        onSaved(fromBody(await createPack(body, key)), true);
      }
    } catch (err) {
      setError(problemOf(err, "studio").message);
      setBusy(false);
    }
  };

  const owned = useCallback((id: string) => library?.some((r) => r.ritual_id === id) ?? false, [library]);
  // Rituals of the pack that are no longer in the library still count (editing keeps them unless unticked).
  const missing = chosen.filter((id) => library && !owned(id));

  return (
    <form className="card pack-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pack-form-title">
      <h2 id="pack-form-title">{editing ? `Edit “${editing.title}”` : "New pack"}</h2>
      <div className="field">
        <label htmlFor="pack-title">Title</label>
        <input id="pack-title" type="text" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} required />
      </div>
      <div className="field">
        <label htmlFor="pack-description">Description</label>
        <textarea id="pack-description" value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={2000} />
      </div>
      <fieldset className="field ritual-picks">
        <legend>Rituals</legend>
        {library === null && <p className="hint">Gathering your rituals…</p>}
        {library?.length === 0 && (
          <p className="hint">
            You have no rituals of your own yet. <Link to="/talk">Ask for one in Talk</Link>, then come back.
          </p>
        )}
        {library && library.length > 0 && (
          <ul className="picks">
            {library.map((r) => (
              <li key={r.ritual_id}>
                <label className="pick">
                  <input type="checkbox" checked={chosen.includes(r.ritual_id)} onChange={() => toggle(r.ritual_id)} />
                  <span className="pick-title">{r.title}</span>
                  <span className="pick-meta">
                    {kindWords([r.kind])} · {formatLength(r.duration_ms)}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {missing.length > 0 && <p className="hint">{missing.length === 1 ? "1 ritual" : `${missing.length} rituals`} of this pack are not in your library list.</p>}
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor="pack-tags">Tags</label>
          <input id="pack-tags" type="text" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="sleep, calm" aria-describedby="pack-tags-hint" />
          <p id="pack-tags-hint" className="field-hint">
            Separated by commas
          </p>
        </div>
        <div className="field field-price">
          <label htmlFor="pack-price">Price</label>
          <input id="pack-price" type="number" inputMode="numeric" min={0} max={MAX_PRICE} step={1} value={price} onChange={(e) => setPrice(e.target.value)} aria-describedby="pack-price-hint" />
          <p id="pack-price-hint" className="field-hint">
            In credits; 0 is free
          </p>
        </div>
      </div>
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
          {editing ? "Save changes" : "Create pack"}
        </button>
        {editing && (
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Analytics per day and the rewards. */
function Numbers() {
  const [days, setDays] = useState<AnalyticsDay[] | null>(null);
  const [daysError, setDaysError] = useState<string | null>(null);
  const [rewards, setRewards] = useState<RewardsBody | null>(null);
  const [rewardsError, setRewardsError] = useState<string | null>(null);

  useEffect(() => {
    const { from, to } = dayWindow(DAYS);
    getAnalytics(from, to).then(
      (a) => setDays(fillDays(from, to, a.days ?? [])),
      (e) => setDaysError(problemOf(e, "studio").message),
    );
    getRewards().then(setRewards, (e) => setRewardsError(problemOf(e, "studio").message));
  }, []);

  const latest = rewards ? [...rewards.ledger].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 6) : [];
  return (
    <>
      <div className="card">
        <h2>The last {DAYS} days</h2>
        {daysError && <p className="notice">{daysError}</p>}
        {!days && !daysError && <p className="hint">Counting…</p>}
        {days && <AnalyticsChart days={days} />}
      </div>
      <div className="card" aria-labelledby="rewards-title">
        <h2 id="rewards-title">Rewards</h2>
        {rewardsError && <p className="notice">{rewardsError}</p>}
        {!rewards && !rewardsError && <p className="hint">Loading…</p>}
        {rewards && (
          <>
            <p className="rewards-figure">{rewards.balance === 1 ? "1 credit" : `${rewards.balance} credits`}</p>
            <p className="rewards-unit">earned in all</p>
            <p className="hint">
              Rewards are credits, added to your balance: they come when someone buys one of your packs, and when listeners finish
              your rituals and come back to them.
            </p>
            {latest.length === 0 ? (
              <p className="hint">No rewards yet.</p>
            ) : (
              <ul className="activity" aria-labelledby="rewards-title">
                {latest.map((entry) => {
                  const w = entryWords(entry);
                  return (
                    <li key={entry.id} className="activity-row">
                      <div className="activity-text">
                        <span className="activity-what">{w.what}</span>
                        <span className="activity-why">
                          {w.why && `${w.why} · `}
                          <time dateTime={entry.at}>{formatDate(entry.at)}</time>
                        </span>
                      </div>
                      <span className={`activity-amount ${entry.amount > 0 ? "activity-in" : ""}`}>{w.amount}</span>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </div>
    </>
  );
}
