// Browser tests of the web app against a running system: WAQUP_URL (the app's base URL), CHROMIUM (a Chromium
// binary, /usr/bin/chromium by default). Controls are found by role and accessible name only, as PROTOCOL.md lists
// them. Run: npm run e2e
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { audio, launch, newPage, signIn, waitFor } from "./lib.mjs";

const REQUEST = "an affirmation set for confidence at work, one minute";
const OUT = new URL("./.out/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

/** Waits until the player has reported `n` more times (it reports about every 100 ms), and returns the counters. */
async function afterReports(page, n) {
  const start = (await audio(page)).reports;
  await waitFor(async () => (await audio(page)).reports >= start + n, `${n} more player reports`, { timeout: 10_000 });
  return audio(page);
}

/** Asks for a ritual by typing and answers the quote with Yes; returns the time from the click to the first sound. */
async function makeRitualByTyping(page) {
  const yes = page.getByRole("button", { name: "Yes" });
  const no = page.getByRole("button", { name: "No" });
  assert.equal(await yes.isDisabled(), true, "Yes is disabled while no quote waits");
  assert.equal(await no.isDisabled(), true, "No is disabled while no quote waits");
  await page.getByRole("textbox", { name: "Message" }).fill(REQUEST);
  await page.getByRole("button", { name: "Send" }).click();
  await waitFor(() => page.getByRole("log").getByText(REQUEST).isVisible(), "the request in the transcript");
  await waitFor(() => yes.isEnabled(), "Yes to be enabled by the quote");
  assert.equal(await no.isEnabled(), true);
  const quote = await waitFor(
    async () => /costs (\d+) credits?\. You have (\d+)/.exec(await page.getByRole("log").innerText()),
    "the quote in the transcript",
  );
  page.__expectedBalance = Number(quote[2]) - Number(quote[1]);
  await page.evaluate(() => {
    document.addEventListener(
      "click",
      (e) => {
        if (e.target instanceof Element && e.target.closest("button")?.textContent?.trim() === "Yes") window.__yesAt = performance.now();
      },
      { capture: true, once: true },
    );
  });
  await yes.click();
  await waitFor(() => yes.isDisabled(), "Yes to be disabled once answered");
  const firstSound = await waitFor(
    () =>
      page.evaluate(() => {
        const yesAt = window.__yesAt;
        const ritual = Object.values(window.__waqupAudio.responses).find(
          (r) => r.startedAt > yesAt && (r.stateAtStart === "generating" || r.stateAtStart === "speaking") && r.firstSoundAt !== undefined,
        );
        return ritual ? ritual.firstSoundAt - yesAt : null;
      }),
    "the ritual's first sound",
    { timeout: 30_000, interval: 20 },
  );
  return Math.round(firstSound);
}

describe("waQup web app", () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it("never shows the development form when the server has dev tokens off", async () => {
    const { context, page, problems } = await newPage(browser);
    await page.route("**/config.json", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify({ dev_tokens: false, oidc: { authority: "https://id.example", client_id: "waqup-web", scope: "openid profile" } }) }),
    );
    await page.goto("/");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    assert.equal(await page.getByRole("textbox", { name: "User id" }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("signs in, makes a ritual by typing, plays it as it is made, stops it, plays it from the library and offline", async (t) => {
    const { context, page, problems } = await newPage(browser);
    await signIn(page);
    for (const name of ["Talk", "Library", "Discover", "Credits", "Studio"]) {
      assert.equal(await page.getByRole("link", { name, exact: true }).isVisible(), true, `link ${name}`);
    }
    assert.equal(await page.getByRole("button", { name: "Microphone" }).getAttribute("aria-pressed"), "false");

    const ttfs = await makeRitualByTyping(page);
    process.stdout.write(`time_to_first_sound_ms=${ttfs}\n`);
    writeFileSync(`${OUT}time_to_first_sound_ms.txt`, `${ttfs}\n`);

    await t.test("the ritual's audio reaches the output", async () => {
      const a = await audio(page);
      await waitFor(async () => (await audio(page)).nonSilent > a.nonSilent + 24000, "a second more of audible samples");
      assert.equal((await audio(page)).contextState, "running");
    });

    await t.test("the ritual is saved, and credits are shown live", async () => {
      await waitFor(() => page.getByRole("log").getByText(/Saved to your library/).isVisible(), "ritual.created", { timeout: 60_000 });
      const expected = new RegExp(`\\b${page.__expectedBalance} credits\\b`);
      await waitFor(async () => expected.test(await page.locator("body").innerText()), `the balance after the charge (${page.__expectedBalance})`);
    });

    await t.test("Stop silences it at once and drops the buffer", async () => {
      const before = await audio(page);
      assert.ok(before.buffered > 0 || before.playing, "something is playing before Stop");
      await page.getByRole("button", { name: "Stop" }).click();
      await waitFor(async () => {
        const a = await audio(page);
        return a.buffered === 0 && !a.playing;
      }, "the buffer to be dropped", { timeout: 5_000 });
      const stopped = await afterReports(page, 1);
      const later = await afterReports(page, 5);
      assert.equal(later.played, stopped.played, "no sample is played after Stop");
      assert.ok(later.drops > before.drops, "the buffer was dropped");
    });

    let title;
    await t.test("the ritual plays from the library, and the player seeks", async () => {
      await page.getByRole("link", { name: "Library", exact: true }).click();
      const item = page.getByRole("listitem").first();
      await item.waitFor();
      title = (await item.getByRole("heading").innerText()).trim();
      assert.match(title.toLowerCase(), /confidence/);
      await waitFor(() => page.evaluate(() => !!navigator.serviceWorker.controller), "the service worker to control the page");
      await item.getByRole("button", { name: "Play" }).click();
      await item.getByRole("button", { name: "Pause" }).waitFor();
      const start = await page.evaluate(() => document.querySelector("audio").currentTime);
      await waitFor(() => page.evaluate((s) => document.querySelector("audio").currentTime > s + 1, start), "currentTime to advance");
      const half = Math.floor((await page.evaluate(() => document.querySelector("audio").duration)) / 2);
      assert.ok(half >= 5, `a ritual long enough to seek in (${half * 2} s)`);
      await page.getByRole("slider", { name: "Position" }).fill(String(half));
      await waitFor(() => page.evaluate((h) => document.querySelector("audio").currentTime >= h, half), `the seek to ${half} s`);
      await waitFor(() => page.evaluate((h) => document.querySelector("audio").currentTime > h + 1, half), "playback after the seek");
      await item.getByRole("button", { name: "Pause" }).click();
      await item.getByRole("button", { name: "Play" }).waitFor();
    });

    await t.test("a downloaded ritual plays with the network off", async () => {
      const item = page.getByRole("listitem").filter({ hasText: title }).first();
      await item.getByRole("button", { name: "Download" }).click();
      await item.getByRole("button", { name: "Downloaded" }).waitFor();
      page.__allowNetworkErrors = true;
      await context.setOffline(true);
      await page.reload();
      const offlineItem = page.getByRole("listitem").filter({ hasText: title }).first();
      await offlineItem.waitFor();
      await page.getByText(/You are offline/).waitFor();
      await offlineItem.getByRole("button", { name: "Play" }).click();
      await offlineItem.getByRole("button", { name: "Pause" }).waitFor();
      await waitFor(() => page.evaluate(() => document.querySelector("audio").currentTime > 1), "offline playback to advance");
      const half = Math.floor((await page.evaluate(() => document.querySelector("audio").duration)) / 2);
      await page.getByRole("slider", { name: "Position" }).fill(String(half));
      await waitFor(() => page.evaluate((h) => document.querySelector("audio").currentTime > h + 0.5, half), "offline seek and playback");
      await context.setOffline(false);
    });

    await t.test("the credits page shows the balance", async () => {
      await page.getByRole("link", { name: "Credits", exact: true }).click();
      await page.getByText(/^\d+ credits$/).waitFor();
    });

    assert.deepEqual(problems, []);
    await context.close();
  });

  it("resumes after session.reconnect and a 1012 close, with no frame heard twice and no gap", async () => {
    const { context, page, problems } = await newPage(browser);
    page.__allowNetworkErrors = true;
    // The page's own socket, passed through a route so the test can see its frames and cut it as a draining node would.
    const connections = [];
    await page.routeWebSocket(/\/v1\/conversation/, (ws) => {
      const server = ws.connectToServer();
      const c = { ws, server, fromPage: [], seqs: [] };
      ws.onMessage((m) => {
        if (typeof m === "string") c.fromPage.push(JSON.parse(m));
        server.send(m);
      });
      server.onMessage((m) => {
        // Once the test has cut this connection, what the server still sends never reaches the page.
        if (c.cut) return;
        if (typeof m !== "string") c.seqs.push(m.readUInt32BE(0));
        ws.send(m);
      });
      connections.push(c);
    });
    await signIn(page);
    await makeRitualByTyping(page);
    const first = connections[0];
    await waitFor(() => first.seqs.length > 0, "audio on the first connection");
    const before = await audio(page);
    first.cut = true;
    first.ws.send(JSON.stringify({ type: "session.reconnect", reason: "server_shutdown", message: "going away" }));
    await first.ws.close({ code: 1012, reason: "service restart" });
    await first.server.close();
    await waitFor(() => connections.length === 2 && connections[1].fromPage.length > 0, "the page to reconnect");
    const second = connections[1];
    const start = second.fromPage[0];
    assert.equal(start.type, "session.start");
    assert.ok(start.session_id && start.resume_token, "the resume names the session and its token");
    assert.equal(start.last_audio_seq, Math.max(...first.seqs), "last_audio_seq is the last frame the page got");
    await waitFor(async () => (await audio(page)).nonSilent > before.nonSilent + 48000, "two more seconds of sound after the resume");
    if (second.seqs.length > 0) assert.equal(second.seqs[0], start.last_audio_seq + 1, "the resumed audio follows on with no gap");
    const all = [...first.seqs, ...second.seqs];
    assert.equal(new Set(all).size, all.length, "no frame came twice");
    const afterResume = await audio(page);
    assert.equal(afterResume.underruns, before.underruns, "playback never ran dry across the reconnect");
    assert.deepEqual(problems.filter((p) => !/WebSocket/.test(p)), []);
    await context.close();
  });

  it("holds a conversation by voice with the microphone", async () => {
    const wav = `${OUT}request.wav`;
    const raw = `${OUT}request-raw.wav`;
    execFileSync("flite", ["-voice", "slt", "-t", REQUEST.replace(",", ""), "-o", raw]);
    writeFileSync(wav, padWithSilence(readFileSync(raw), 1.0));
    const voiceBrowser = await launch([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${wav}`,
    ]);
    try {
      const { context, page, problems } = await newPage(voiceBrowser);
      await signIn(page);
      const mic = page.getByRole("button", { name: "Microphone" });
      await mic.click();
      await waitFor(async () => (await mic.getAttribute("aria-pressed")) === "true", "the microphone to be on");
      await waitFor(async () => (await audio(page)).micFrames > 25, "microphone audio to be sent");
      // The server hears the request, ends the utterance itself, and quotes a price.
      await waitFor(() => page.getByRole("button", { name: "Yes" }).isEnabled(), "a quote for the spoken request", { timeout: 60_000 });
      const log = await page.getByRole("log").innerText();
      assert.match(log, /confidence/i, "the transcript shows what was heard");
      await mic.click();
      await waitFor(async () => (await mic.getAttribute("aria-pressed")) === "false", "the microphone to be off");
      await page.getByRole("button", { name: "No" }).click();
      await waitFor(() => page.getByRole("button", { name: "No" }).isDisabled(), "the quote to be answered");
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await voiceBrowser.close();
    }
  });
});

/** A PCM WAV with `seconds` of silence added before and after (the server ends an utterance on a pause). */
function padWithSilence(wav, seconds) {
  let at = 12;
  let fmt;
  let data;
  while (at + 8 <= wav.length) {
    const id = wav.toString("ascii", at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    if (id === "fmt ") fmt = wav.subarray(at + 8, at + 8 + size);
    if (id === "data") data = wav.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size & 1);
  }
  if (!fmt || !data) throw new Error("not a PCM WAV file");
  const rate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const pad = Buffer.alloc(Math.round(rate * seconds) * blockAlign);
  const body = Buffer.concat([pad, data, pad]);
  const header = Buffer.alloc(12 + 8 + fmt.length + 8);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(header.length - 8 + body.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(fmt.length, 16);
  fmt.copy(header, 20);
  header.write("data", 20 + fmt.length, "ascii");
  header.writeUInt32LE(body.length, 24 + fmt.length);
  return Buffer.concat([header, body]);
}
