// Screenshots of every screen at phone (390x844) and desktop (1280x800) size, light and dark, into docs/screens/.
// Needs a running system (WAQUP_URL) like the browser tests. Run: npm run screenshots
import { mkdirSync } from "node:fs";
import { launch, newPage, signIn, waitFor } from "./lib.mjs";

const OUT = new URL("../../../docs/screens/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const REQUEST = "an affirmation set for confidence at work, one minute";
const user = `screens-${Date.now().toString(36)}`;
let packId = null;

const browser = await launch();
try {
  // One ritual in the library, so the library has something to show.
  {
    const { context, page } = await newPage(browser);
    await signIn(page, user);
    await page.getByRole("textbox", { name: "Message" }).fill(REQUEST);
    await page.getByRole("button", { name: "Send" }).click();
    await waitFor(() => page.getByRole("button", { name: "Yes" }).isEnabled(), "the quote");
    await page.getByRole("button", { name: "Yes" }).click();
    await page.getByRole("log").getByText(/Saved to your library/).waitFor({ timeout: 60_000 });
    // The marketplace, where the server has it: the user becomes a creator and publishes a pack of that ritual, so that
    // Discover, a pack page and the Studio have something to show.
    const token = await page.evaluate(() => sessionStorage.getItem("waqup.token"));
    const call = async (method, path, data) => {
      const response = await context.request.fetch(path, { method, headers: { Authorization: `Bearer ${token}` }, data });
      return response.ok() ? response.json().catch(() => null) : null;
    };
    if (await call("PUT", "/v1/me/creator", { display_name: "Harbour Voice", bio: "Quiet things for the end of the day." })) {
      const [ritual] = await call("GET", "/v1/library");
      const pack = await call("POST", "/v1/packs", {
        title: "Confidence for the working day",
        description: "A short affirmation set to start the day steady, and kind to yourself.",
        ritual_ids: [ritual.ritual_id],
        price_credits: 2,
        tags: ["confidence", "work"],
      });
      if (pack) {
        await call("POST", `/v1/packs/${pack.pack_id}/publish`);
        packId = pack.pack_id;
      }
    }
    await context.close();
  }

  for (const [sizeName, viewport] of Object.entries(SIZES)) {
    for (const theme of ["light", "dark"]) {
      const { context, page, problems } = await newPage(browser, { viewport, colorScheme: theme, isMobile: sizeName === "phone", hasTouch: sizeName === "phone" });
      const shot = async (name, whole = false) => {
        await page.evaluate(() => document.fonts.ready);
        // The whole page: the window made as tall as the page (a full-page capture would leave the phone's fixed tab
        // bar where the first screen ends), and put back after.
        const height = whole ? await page.evaluate(() => document.documentElement.scrollHeight) : viewport.height;
        if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
        await page.screenshot({ path: `${OUT}${name}-${sizeName}-${theme}.png`, animations: "disabled" });
        if (height > viewport.height) await page.setViewportSize(viewport);
      };
      await page.goto("/");
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await shot("signin");

      await signIn(page, user);
      // The Studio lists drafts from this device's memory, and the published pack from the profile (see docs/web.md).
      if (packId) {
        await page.evaluate((value) => {
          const payload = sessionStorage.getItem("waqup.token").split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
          const sub = JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, "="))).sub;
          localStorage.setItem(`waqup.studio.${sub}`, value);
        }, JSON.stringify({ packIds: [packId] }));
      }
      await page.getByRole("textbox", { name: "Message" }).fill(REQUEST);
      await page.getByRole("button", { name: "Send" }).click();
      await waitFor(() => page.getByRole("button", { name: "Yes" }).isEnabled(), "the quote");
      await shot("talk");

      await page.getByRole("link", { name: "Library", exact: true }).click();
      const item = page.getByRole("listitem").first();
      await item.getByRole("button", { name: "Play" }).click();
      await item.getByRole("button", { name: "Pause" }).waitFor();
      await item.getByRole("button", { name: "Pause" }).click();
      await shot("library");

      for (const [link, name] of [["Discover", "discover"], ["Credits", "credits"], ["Studio", "studio"]]) {
        await page.getByRole("link", { name: link, exact: true }).click();
        await page.getByRole("heading", { level: 1, name: link }).waitFor();
        if (link === "Credits") {
          await page.getByText(/^\d+ credits$/).waitFor();
          await page.getByRole("button", { name: "Buy" }).first().waitFor();
          await page.getByRole("list", { name: "Recent activity" }).waitFor();
        }
        if (link === "Discover" && packId) await page.getByRole("button", { name: /^(Buy|Owned)$/ }).first().waitFor();
        if (link === "Studio" && packId) await page.getByRole("img", { name: /per day/ }).waitFor();
        // Credits and Studio are longer than a screen: the whole page.
        await shot(name, link === "Credits" || link === "Studio");
        if (link === "Discover" && packId) {
          await page.getByRole("link", { name: "Confidence for the working day" }).first().click();
          await page.getByRole("heading", { level: 1, name: "Confidence for the working day" }).waitFor();
          await shot("pack");
        }
      }
      if (problems.length) console.error(`${sizeName} ${theme}: ${problems.join("\n")}`);
      await context.close();
    }
  }
  console.log(`screenshots in ${OUT}`);
} finally {
  await browser.close();
}
