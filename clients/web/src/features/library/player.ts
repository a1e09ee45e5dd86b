import { getToken } from "../../auth/session";
import type { LibraryItem } from "../../protocol/wire";
import { audioPath, RITUAL_CACHE } from "./offline";
import { PlayReporter } from "./plays";

export interface PlayerView {
  item: LibraryItem | null;
  playing: boolean;
  position: number;
  duration: number;
  /** When the sleep timer stops playback (Date.now() ms), or null. */
  sleepAt: number | null;
  error: string | null;
}

/**
 * The library's player: one <audio> element for the whole app, so a ritual keeps playing while the person moves
 * between pages or locks the phone (Media Session). The service worker authorises its requests, or serves a
 * downloaded ritual from the cache; without a service worker the file is fetched with the token first.
 */
class Player {
  readonly element: HTMLAudioElement;
  private view: PlayerView = { item: null, playing: false, position: 0, duration: 0, sleepAt: null, error: null };
  private listeners = new Set<() => void>();
  private objectUrl: string | null = null;
  private sleepTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly plays = new PlayReporter();

  constructor() {
    this.element = document.createElement("audio");
    this.element.preload = "auto";
    this.element.hidden = true;
    this.element.dataset.player = "library";
    document.body.appendChild(this.element);
    const a = this.element;
    a.addEventListener("play", () => this.update({ playing: true, error: null }));
    a.addEventListener("playing", () => this.view.item && this.plays.started(this.view.item.ritual_id, a.currentTime));
    a.addEventListener("pause", () => {
      this.plays.paused(a.currentTime);
      this.update({ playing: false });
    });
    a.addEventListener("ended", () => {
      this.plays.ended(a.currentTime);
      this.update({ playing: false });
    });
    a.addEventListener("timeupdate", () => {
      this.plays.moved(a.currentTime);
      this.update({ position: a.currentTime });
    });
    a.addEventListener("durationchange", () => this.update({ duration: Number.isFinite(a.duration) ? a.duration : this.view.duration }));
    a.addEventListener("error", () => this.update({ playing: false, error: "This ritual could not be played." }));
    if ("mediaSession" in navigator) {
      const ms = navigator.mediaSession;
      ms.setActionHandler("play", () => void a.play());
      ms.setActionHandler("pause", () => a.pause());
      ms.setActionHandler("stop", () => this.stop());
      ms.setActionHandler("seekbackward", (d) => this.seek(a.currentTime - (d.seekOffset ?? 15)));
      ms.setActionHandler("seekforward", (d) => this.seek(a.currentTime + (d.seekOffset ?? 15)));
      ms.setActionHandler("seekto", (d) => d.seekTime !== undefined && this.seek(d.seekTime));
    }
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  snapshot = () => this.view;

  /** Plays a ritual from the start, or resumes/pauses the one already loaded. */
  async toggle(item: LibraryItem): Promise<void> {
    if (this.view.item?.ritual_id === item.ritual_id) {
      if (this.element.paused) await this.play();
      else this.element.pause();
      return;
    }
    this.update({ item, position: 0, duration: item.duration_ms / 1000, error: null });
    this.element.src = await this.sourceFor(item.ritual_id);
    if ("mediaSession" in navigator) {
      navigator.mediaSession.metadata = new MediaMetadata({
        title: item.title,
        artist: "waQup",
        artwork: [{ src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" }],
      });
    }
    await this.play();
  }

  seek(seconds: number): void {
    const max = Number.isFinite(this.element.duration) ? this.element.duration : this.view.duration;
    this.element.currentTime = Math.max(0, Math.min(max, seconds));
    this.update({ position: this.element.currentTime });
  }

  stop(): void {
    this.plays.stopped();
    this.element.pause();
    this.element.removeAttribute("src");
    this.element.load();
    this.clearSleep();
    this.revoke();
    this.update({ item: null, playing: false, position: 0, duration: 0, sleepAt: null });
  }

  /** Pauses playback after `minutes`, or never (0). */
  setSleep(minutes: number): void {
    this.clearSleep();
    if (minutes <= 0) {
      this.update({ sleepAt: null });
      return;
    }
    this.sleepTimer = setTimeout(() => {
      this.element.pause();
      this.update({ sleepAt: null });
    }, minutes * 60_000);
    this.update({ sleepAt: Date.now() + minutes * 60_000 });
  }

  private async play(): Promise<void> {
    try {
      await this.element.play();
    } catch (e) {
      if (!(e instanceof DOMException && e.name === "AbortError")) this.update({ error: "This ritual could not be played." });
    }
  }

  private async sourceFor(id: string): Promise<string> {
    this.revoke();
    if (navigator.serviceWorker?.controller) return audioPath(id);
    // No service worker in charge of this page (first visit, or development): fetch the file with the token.
    const cached = "caches" in window ? await (await caches.open(RITUAL_CACHE)).match(audioPath(id)) : undefined;
    const response = cached ?? (await fetch(audioPath(id), { headers: { Authorization: `Bearer ${getToken() ?? ""}` } }));
    if (!response.ok) throw new Error(`audio: ${response.status}`);
    this.objectUrl = URL.createObjectURL(await response.blob());
    return this.objectUrl;
  }

  private revoke(): void {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }

  private clearSleep(): void {
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.sleepTimer = null;
  }

  private update(patch: Partial<PlayerView>): void {
    this.view = { ...this.view, ...patch };
    for (const fn of this.listeners) fn();
  }
}

let instance: Player | null = null;
export function player(): Player {
  instance ??= new Player();
  return instance;
}
