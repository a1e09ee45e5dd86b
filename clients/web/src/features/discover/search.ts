// Search as you type: each change waits a moment (debounce), a newer change cancels the older request, and only the
// latest request's answer is ever shown.
import type { CatalogPage, PackSummaryBody } from "../../protocol/marketplace";

export const SEARCH_DEBOUNCE_MS = 200;

/**
 * Runs the latest task only. `schedule` waits `delayMs` (0 runs at once), aborts the task before it, and hands the
 * answer on only if no newer task was scheduled meanwhile; an aborted task's failure is never reported.
 */
export class LatestOnly<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | null = null;
  private generation = 0;

  constructor(private readonly delayMs = SEARCH_DEBOUNCE_MS) {}

  schedule(task: (signal: AbortSignal) => Promise<T>, onResult: (value: T) => void, onError: (error: unknown) => void, delayMs = this.delayMs): void {
    this.cancel();
    const generation = this.generation;
    const start = () => {
      this.timer = undefined;
      const controller = new AbortController();
      this.controller = controller;
      task(controller.signal).then(
        (value) => {
          if (generation === this.generation && !controller.signal.aborted) onResult(value);
        },
        (error: unknown) => {
          if (generation === this.generation && !controller.signal.aborted) onError(error);
        },
      );
    };
    if (delayMs > 0) this.timer = setTimeout(start, delayMs);
    else start();
  }

  /** Forgets the waiting task and aborts the running one. */
  cancel(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = null;
  }
}

/** The list after "Load more": the next page added, packs already shown not shown twice. */
export function appendPage(shown: PackSummaryBody[], page: CatalogPage): { items: PackSummaryBody[]; nextCursor: string | null } {
  const seen = new Set(shown.map((p) => p.pack_id));
  return { items: [...shown, ...page.items.filter((p) => !seen.has(p.pack_id))], nextCursor: page.next_cursor ?? null };
}
