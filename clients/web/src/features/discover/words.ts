// How packs read: lengths, prices, ratings and kinds in plain words.

const KINDS: Record<string, { one: string; filter: string }> = {
  affirmation: { one: "Affirmations", filter: "Affirmations" },
  meditation: { one: "Meditation", filter: "Meditations" },
  ritual: { one: "Daily ritual", filter: "Daily rituals" },
};

export const KIND_OPTIONS = Object.entries(KINDS).map(([value, w]) => ({ value, label: w.filter }));

export function kindWords(kinds: string[]): string {
  return [...new Set(kinds)].map((k) => KINDS[k]?.one ?? k).join(", ");
}

/** A length such as "45 sec", "12 min" or "1 h 5 min". */
export function formatLength(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} sec`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** "Free", "1 credit", "5 credits". */
export function formatCredits(n: number): string {
  if (n <= 0) return "Free";
  return n === 1 ? "1 credit" : `${n} credits`;
}

/** A mean rating, one decimal ("4.5"), or null before the first rating. */
export function formatRating(rating: number | null | undefined): string | null {
  if (rating == null || !Number.isFinite(rating) || rating <= 0) return null;
  return (Math.round(rating * 10) / 10).toFixed(1);
}

/** "1 play", "1.2k plays". */
export function formatPlays(plays: number): string {
  const n = plays >= 1000 ? `${(Math.round(plays / 100) / 10).toString()}k` : String(plays);
  return plays === 1 ? "1 play" : `${n} plays`;
}

/** Tags typed as "sleep, calm  morning" become ["sleep", "calm", "morning"]: lower case, each once, no empties. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,\n]+|\s{2,}/)) {
    const t = raw.trim().replace(/^#/, "").toLowerCase();
    if (t && !out.includes(t)) out.push(t);
  }
  return out.slice(0, 10);
}

/** The highest price a pack may have (the server's limit). */
export const MAX_PRICE = 10_000;

/** A price typed into the Price box: a whole number of credits from 0 to MAX_PRICE, or null when it is not one. */
export function parsePrice(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t) || Number(t) > MAX_PRICE) return null;
  return Number(t);
}
