// What the Studio keeps on this device, per signed-in person: the creator profile it made (the server has no
// `GET /v1/me/creator` in the contract) and the packs made here (drafts are listed by no endpoint).
import { tokenSubject } from "../../auth/session";
import type { CreatorBody } from "../../protocol/marketplace";

interface Remembered {
  creator: CreatorBody | null;
  packIds: string[];
}

const key = () => `waqup.studio.${tokenSubject() ?? "anonymous"}`;

export function recall(): Remembered {
  try {
    const raw = localStorage.getItem(key());
    if (raw) {
      const r = JSON.parse(raw) as Partial<Remembered>;
      return { creator: r.creator ?? null, packIds: Array.isArray(r.packIds) ? r.packIds : [] };
    }
  } catch {
    // storage off or spoilt: start afresh
  }
  return { creator: null, packIds: [] };
}

function keep(r: Remembered): void {
  try {
    localStorage.setItem(key(), JSON.stringify(r));
  } catch {
    // storage full or off: the page still works for this visit
  }
}

export function rememberCreator(creator: CreatorBody): void {
  keep({ ...recall(), creator });
}

export function rememberPack(packId: string): void {
  const r = recall();
  if (!r.packIds.includes(packId)) keep({ ...r, packIds: [packId, ...r.packIds].slice(0, 200) });
}
