// @ts-check
/// <reference lib="webworker" />
// waQup's service worker: the app shell offline, and rituals' audio, authorised for the <audio> element or served
// from the cache where the person downloaded it (Range requests included, so the player can seek offline).
// The build fills in PRECACHE (the shell's files) and VERSION (a hash of them); see vite.config.ts.

/** @type {ServiceWorkerGlobalScope} */
// @ts-ignore: this file runs as a service worker
const sw = self;
const PRECACHE = /** @type {string[]} */ (self.__WAQUP_PRECACHE__);
const VERSION = /** @type {string} */ (self.__WAQUP_VERSION__);
const SHELL = `waqup-shell-${VERSION}`;
const RITUALS = "waqup-rituals-v1";
const AUDIO = /^\/v1\/rituals\/[^/]+\/audio$/;

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("waqup-shell-") && name !== SHELL) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (AUDIO.test(url.pathname)) {
    event.respondWith(ritualAudio(request, url, event.clientId));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, "/index.html"));
  } else if (url.pathname === "/config.json") {
    event.respondWith(networkFirst(request, "/config.json"));
  } else if (PRECACHE.includes(url.pathname) || url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request));
  }
  // Everything else (the api) goes to the network untouched.
});

/** @param {Request} request @param {string} fallback */
async function networkFirst(request, fallback) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(SHELL);
      await cache.put(fallback, response.clone());
    }
    return response;
  } catch (e) {
    const cached = await caches.match(fallback, { ignoreVary: true });
    if (cached) return cached;
    throw e;
  }
}

/** @param {Request} request */
async function cacheFirst(request) {
  const cached = await caches.match(new URL(request.url).pathname, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith("/assets/")) {
    const cache = await caches.open(SHELL);
    await cache.put(request, response.clone());
  }
  return response;
}

/** @param {Request} request @param {URL} url @param {string} clientId */
async function ritualAudio(request, url, clientId) {
  const cached = await (await caches.open(RITUALS)).match(url.pathname, { ignoreVary: true });
  if (cached) return rangeOf(cached, request.headers.get("Range"));
  const headers = new Headers();
  const range = request.headers.get("Range");
  if (range) headers.set("Range", range);
  const token = request.headers.get("Authorization") ? null : await tokenFrom(clientId);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  else if (request.headers.get("Authorization")) headers.set("Authorization", /** @type {string} */ (request.headers.get("Authorization")));
  return fetch(url.pathname, { headers, cache: "no-store" });
}

/**
 * A whole cached file answered as the request asks: all of it (200), or one byte range of it (206, RFC 9110).
 * @param {Response} cached @param {string | null} range
 */
async function rangeOf(cached, range) {
  const blob = await cached.blob();
  const type = cached.headers.get("Content-Type") ?? "audio/ogg";
  const size = blob.size;
  const base = { "Content-Type": type, "Accept-Ranges": "bytes" };
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) {
    return new Response(blob, { status: 200, headers: { ...base, "Content-Length": String(size) } });
  }
  let start;
  let end;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) {
    return new Response(null, { status: 416, headers: { ...base, "Content-Range": `bytes */${size}` } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: { ...base, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": String(end - start + 1) },
  });
}

/**
 * Asks the page that made the request for its token (it lives in that tab's sessionStorage, out of a worker's reach).
 * @param {string} clientId
 * @returns {Promise<string | null>}
 */
async function tokenFrom(clientId) {
  const candidates = [];
  const own = clientId ? await sw.clients.get(clientId) : undefined;
  if (own) candidates.push(own);
  else candidates.push(...(await sw.clients.matchAll({ type: "window" })));
  for (const client of candidates) {
    const token = await new Promise((resolve) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => resolve(null), 2000);
      channel.port1.onmessage = (ev) => {
        clearTimeout(timer);
        resolve(ev.data?.token ?? null);
      };
      client.postMessage({ type: "waqup.token?" }, [channel.port2]);
    });
    if (token) return /** @type {string} */ (token);
  }
  return null;
}
