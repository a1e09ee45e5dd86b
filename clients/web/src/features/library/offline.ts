import { api } from "../../api/http";
import { tokenSubject } from "../../auth/session";
import type { LibraryItem } from "../../protocol/wire";

/** Rituals kept for offline play: the audio in Cache Storage (the service worker serves it), the list in localStorage. */
export const RITUAL_CACHE = "waqup-rituals-v1";

export const audioPath = (id: string) => `/v1/rituals/${encodeURIComponent(id)}/audio`;

function listKey(): string {
  return `waqup.downloads.${tokenSubject() ?? "anonymous"}`;
}

export function downloadedItems(): LibraryItem[] {
  try {
    return JSON.parse(localStorage.getItem(listKey()) ?? "[]") as LibraryItem[];
  } catch {
    return [];
  }
}

function saveItems(items: LibraryItem[]): void {
  localStorage.setItem(listKey(), JSON.stringify(items));
}

export async function isDownloaded(id: string): Promise<boolean> {
  if (!("caches" in window)) return false;
  return (await (await caches.open(RITUAL_CACHE)).match(audioPath(id))) !== undefined;
}

export async function download(item: LibraryItem): Promise<void> {
  const response = await api(audioPath(item.ritual_id));
  const cache = await caches.open(RITUAL_CACHE);
  // Stored without the Authorization header: the service worker answers from here, Range requests included.
  await cache.put(audioPath(item.ritual_id), response);
  saveItems([item, ...downloadedItems().filter((i) => i.ritual_id !== item.ritual_id)]);
}

export async function removeDownload(id: string): Promise<void> {
  await (await caches.open(RITUAL_CACHE)).delete(audioPath(id));
  saveItems(downloadedItems().filter((i) => i.ritual_id !== id));
}

/** On sign-out: another person may use this browser next. */
export async function forgetDownloads(): Promise<void> {
  localStorage.removeItem(listKey());
  if ("caches" in window) await caches.delete(RITUAL_CACHE);
}
