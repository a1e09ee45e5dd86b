import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { getLibrary } from "../../api/http";
import type { LibraryItem } from "../../protocol/wire";
import { download, downloadedItems, isDownloaded, removeDownload } from "./offline";
import { player } from "./player";

const KIND_WORDS: Record<string, string> = { affirmation: "Affirmations", meditation: "Meditation", ritual: "Daily ritual" };

export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function LibraryPage() {
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [kept, setKept] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState<Record<string, boolean>>({});

  const load = useCallback(async () => {
    try {
      setItems(await getLibrary());
      setOffline(false);
      setError(null);
    } catch (e) {
      if (e instanceof TypeError) {
        // No network: the rituals kept on this device can still be played.
        setItems(downloadedItems());
        setOffline(true);
      } else setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    const back = () => void load();
    window.addEventListener("online", back);
    return () => window.removeEventListener("online", back);
  }, [load]);

  useEffect(() => {
    if (!items) return;
    let live = true;
    void Promise.all(items.map(async (i) => [i.ritual_id, await isDownloaded(i.ritual_id)] as const)).then((pairs) => {
      if (live) setKept(Object.fromEntries(pairs));
    });
    return () => {
      live = false;
    };
  }, [items]);

  const toggleDownload = async (item: LibraryItem) => {
    setBusy((b) => ({ ...b, [item.ritual_id]: true }));
    try {
      if (kept[item.ritual_id]) await removeDownload(item.ritual_id);
      else await download(item);
      setKept((k) => ({ ...k, [item.ritual_id]: !k[item.ritual_id] }));
    } catch {
      setError("The download did not finish. Please try again when you are online.");
    } finally {
      setBusy((b) => ({ ...b, [item.ritual_id]: false }));
    }
  };

  return (
    <section className="page library" aria-labelledby="library-title">
      <h1 id="library-title">Your library</h1>
      {offline && <p className="notice">You are offline. These are the rituals kept on this device.</p>}
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}
      {items === null && <p className="hint">Gathering your rituals…</p>}
      {items?.length === 0 && (
        <p className="hint">
          {offline ? "Nothing is kept on this device yet." : "Nothing here yet. Ask for an affirmation set or a meditation on the Talk page, and it will wait for you here."}
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="rituals">
          {items.map((item) => (
            <RitualRow
              key={item.ritual_id}
              item={item}
              kept={!!kept[item.ritual_id]}
              busy={!!busy[item.ritual_id]}
              onDownload={() => void toggleDownload(item)}
            />
          ))}
        </ul>
      )}
      <PlayerBar />
    </section>
  );
}

function RitualRow({ item, kept, busy, onDownload }: { item: LibraryItem; kept: boolean; busy: boolean; onDownload: () => void }) {
  const p = player();
  const view = useSyncExternalStore(p.subscribe, p.snapshot);
  const current = view.item?.ritual_id === item.ritual_id;
  const playing = current && view.playing;
  const created = new Date(item.created_at);
  return (
    <li className={`ritual ${current ? "ritual-current" : ""}`}>
      <div className="ritual-text">
        <h2 className="ritual-title">{item.title}</h2>
        <p className="ritual-meta">
          {KIND_WORDS[item.kind] ?? item.kind} · {formatTime(item.duration_ms / 1000)} ·{" "}
          <time dateTime={item.created_at}>{created.toLocaleDateString(undefined, { day: "numeric", month: "short" })}</time>
        </p>
      </div>
      <div className="ritual-actions">
        <button type="button" className={`btn ${playing ? "" : "btn-primary"}`} onClick={() => void p.toggle(item).catch(() => undefined)}>
          {playing ? "Pause" : "Play"}
        </button>
        <button type="button" className="btn btn-quiet" aria-pressed={kept} disabled={busy} onClick={onDownload}>
          {kept ? "Downloaded" : "Download"}
        </button>
      </div>
    </li>
  );
}

function PlayerBar() {
  const p = player();
  const view = useSyncExternalStore(p.subscribe, p.snapshot);
  const [, tick] = useState(0);
  useEffect(() => {
    if (!view.sleepAt) return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [view.sleepAt]);
  if (!view.item) return null;
  const duration = view.duration || view.item.duration_ms / 1000;
  const sleepLeft = view.sleepAt ? Math.max(0, (view.sleepAt - Date.now()) / 1000) : null;
  return (
    <aside className="player" aria-label="Player">
      <p className="player-title">{view.item.title}</p>
      <div className="player-seek">
        <span aria-hidden="true">{formatTime(view.position)}</span>
        <input
          type="range"
          aria-label="Position"
          min={0}
          max={Math.max(1, Math.floor(duration))}
          step={1}
          value={Math.floor(view.position)}
          aria-valuetext={`${formatTime(view.position)} of ${formatTime(duration)}`}
          onChange={(e) => p.seek(Number(e.target.value))}
        />
        <span aria-hidden="true">{formatTime(duration)}</span>
      </div>
      <div className="player-row">
        <button type="button" className="btn btn-quiet btn-small" aria-label="Back 15 seconds" onClick={() => p.seek(view.position - 15)}>
          ↺ 15 s
        </button>
        <button type="button" className="btn btn-quiet btn-small" aria-label="Forward 15 seconds" onClick={() => p.seek(view.position + 15)}>
          15 s ↻
        </button>
        <label className="sleep">
          Sleep timer
          <select defaultValue="0" onChange={(e) => p.setSleep(Number(e.target.value))}>
            <option value="0">Off</option>
            <option value="5">5 minutes</option>
            <option value="10">10 minutes</option>
            <option value="15">15 minutes</option>
            <option value="30">30 minutes</option>
          </select>
        </label>
        {sleepLeft !== null && <span className="hint">Stops in {formatTime(sleepLeft)}</span>}
        {view.error && (
          <span className="notice" role="alert">
            {view.error}
          </span>
        )}
      </div>
    </aside>
  );
}
