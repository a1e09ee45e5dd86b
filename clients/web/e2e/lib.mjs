// Shared pieces of the browser tests: Debian's Chromium driven by playwright-core (no browser downloads), and
// waiting for conditions with a deadline, never for a fixed time.
import { chromium } from "playwright-core";

export const BASE = (process.env.WAQUP_URL ?? "http://127.0.0.1:4190").replace(/\/$/, "");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Starts Chromium; `extraArgs` adds flags such as the fake microphone's. */
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--autoplay-policy=user-gesture-required", ...extraArgs],
  });
}

/** A page that fails the test on any console error or warning, or uncaught exception. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      const text = msg.text();
      // Chromium reports a refused request itself; the tests that go offline expect those.
      if (page.__allowNetworkErrors && /Failed to load resource|ERR_INTERNET_DISCONNECTED|WebSocket connection/.test(text)) return;
      problems.push(`${msg.type()}: ${text}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  return { context, page, problems };
}

/** Polls `fn` until it returns a truthy value; fails with `message` after `timeout` ms. */
export async function waitFor(fn, message, { timeout = 30_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms: ${message} (last: ${last})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export const audio = (page) => page.evaluate(() => ({ ...window.__waqupAudio, responses: { ...window.__waqupAudio?.responses } }));

/** Signs a fresh user in with the development form and waits for the conversation. */
export async function signIn(page, userId = `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`) {
  await page.goto("/");
  await page.getByRole("textbox", { name: "User id" }).fill(userId);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("log").waitFor();
  await page.getByRole("textbox", { name: "Message" }).waitFor();
  return userId;
}
