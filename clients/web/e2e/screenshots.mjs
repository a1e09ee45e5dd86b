// Screenshots of every screen at phone (390x844) and desktop (1280x800) size, light and dark, into docs/screens/.
// Needs a running system (WAQUP_URL) like the browser tests. Run: npm run screenshots
import { mkdirSync } from "node:fs";
import { launch, newPage, signIn, waitFor } from "./lib.mjs";

const OUT = new URL("../../../docs/screens/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const REQUEST = "an affirmation set for confidence at work, one minute";
const user = `screens-${Date.now().toString(36)}`;

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
        // Credits is longer than a screen (packs, plans, recent activity): the whole page.
        await shot(name, link === "Credits");
      }
      if (problems.length) console.error(`${sizeName} ${theme}: ${problems.join("\n")}`);
      await context.close();
    }
  }
  console.log(`screenshots in ${OUT}`);
} finally {
  await browser.close();
}
