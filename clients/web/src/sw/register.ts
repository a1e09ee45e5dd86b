import { getToken } from "../auth/session";

/**
 * Registers the service worker (production builds only) and answers its one question: the token for a ritual's
 * audio request, which the <audio> element cannot send itself. The token stays in this tab's sessionStorage.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (ev: MessageEvent<{ type?: string }>) => {
    if (ev.data?.type === "waqup.token?" && ev.ports[0]) ev.ports[0].postMessage({ token: getToken() });
  });
  navigator.serviceWorker.startMessages();
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Without a service worker the app works online; offline play and install need it.
    });
  });
}
