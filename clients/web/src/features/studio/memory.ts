// What the Studio keeps on this device, per signed-in person: the packs made here (no endpoint lists a creator's
// drafts; the published ones are on the public profile).
import { tokenSubject } from "../../auth/session";

interface Remembered {
  packIds: string[];
}

const key = () => `waqup.studio.${tokenSubject() ?? "anonymous"}`;

export function recall(): Remembered {
  try {
    const raw = localStorage.getItem(key());
    if (raw) {
      const r = JSON.parse(raw) as Partial<Remembered>;
      return { packIds: Array.isArray(r.packIds) ? r.packIds.filter((x) => typeof x === "string") : [] };
    }
  } catch {
    // storage off or spoilt: start afresh
  }
  return { packIds: [] };
}

function keep(r: Remembered): void {
  try {
    localStorage.setItem(key(), JSON.stringify(r));
  } catch {
    // storage full or off: the page still works for this visit
  }
}

export function rememberPack(packId: string): void {
  const r = recall();
  if (!r.packIds.includes(packId)) keep({ ...r, packIds: [packId, ...r.packIds].slice(0, 200) });
}
