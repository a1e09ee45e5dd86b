// Browser tests of the marketplace (Discover and Studio) against a running system: WAQUP_URL (the app), CHROMIUM.
// A creator makes a ritual by typing in Talk, becomes a creator, makes a pack of it and publishes it; a second person
// finds it in Discover by a word of its title, buys it, sees "Owned", rates it and finds its ritual in the Library.
// Screenshots of Discover, the pack page and Studio, phone and desktop, go to e2e/.out/. Run: npm run e2e
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { BASE, launch, newPage, signIn, waitFor } from "./lib.mjs";

const OUT = new URL("./.out/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const REQUEST = "an affirmation set for confidence at work, one minute";
const PRICE = 2;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

// A word nobody else's pack has: letters only, so that the search's stemming leaves it whole.
const letters = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
const WORD = `quill${letters(6)}`;
const TITLE = `Harbour evenings ${WORD}`;

// Before the marketplace's server side is there, the catalog does not exist: say so rather than fail.
const marketplace = await fetch(`${BASE}/v1/catalog`).then(
  (r) => r.status !== 404,
  () => false,
);

/** The screen as it is, at both sizes: the window made as tall as the page (the phone's tab bar stays at the bottom). */
async function shots(page, name) {
  const original = page.viewportSize();
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => document.fonts.ready);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
    await page.screenshot({ path: `${OUT}marketplace-${name}-${size}.png`, animations: "disabled" });
  }
  await page.setViewportSize(original);
}

async function tokenOf(page) {
  return page.evaluate(() => sessionStorage.getItem("waqup.token"));
}

async function get(context, token, path) {
  const response = await context.request.get(`${BASE}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status(), 200, `GET ${path}`);
  return response.json();
}

describe("the marketplace", { skip: marketplace ? false : `${BASE}/v1/catalog answers 404 (no marketplace on this server yet)` }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it("a creator publishes a pack; another person finds it by a word of its title, buys it and finds it in the Library", async (t) => {
    const creator = await newPage(browser);
    const buyer = await newPage(browser);
    // The Studio asks GET /v1/me/creator whether the caller is a creator: 404 for someone who is not one yet (expected).
    const notCreator = /Failed to load resource: the server responded with a status of 404/;
    let ritualTitle;

    await t.test("the creator makes a ritual by typing", async () => {
      const { page } = creator;
      await signIn(page);
      await page.getByRole("textbox", { name: "Message" }).fill(REQUEST);
      await page.getByRole("button", { name: "Send" }).click();
      await waitFor(() => page.getByRole("button", { name: "Yes" }).isEnabled(), "the quote");
      await page.getByRole("button", { name: "Yes" }).click();
      await waitFor(() => page.getByRole("log").getByText(/Saved to your library/).isVisible(), "ritual.created", { timeout: 90_000 });
      const library = await get(creator.context, await tokenOf(page), "/v1/library");
      assert.equal(library.length, 1);
      assert.equal(library[0].source, "created");
      ritualTitle = library[0].title;
    });

    await t.test("becomes a creator, creates the pack and publishes it in the Studio", async () => {
      const { page } = creator;
      await page.getByRole("link", { name: "Studio", exact: true }).click();
      await page.getByRole("button", { name: "Become a creator" }).waitFor();
      await page.getByRole("textbox", { name: "Display name" }).fill("Harbour Voice");
      await page.getByRole("textbox", { name: "Bio" }).fill("Quiet things for the end of the day.");
      await page.getByRole("button", { name: "Become a creator" }).click();

      await page.getByRole("textbox", { name: "Title" }).fill(TITLE);
      await page.getByRole("textbox", { name: "Description" }).fill("An affirmation set to close the working day kindly.");
      await page.getByRole("checkbox", { name: new RegExp(ritualTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).check();
      await page.getByRole("textbox", { name: "Tags" }).fill("confidence, evening");
      await page.getByRole("spinbutton", { name: "Price" }).fill(String(PRICE));
      await page.getByRole("button", { name: "Create pack" }).click();

      const row = page.getByRole("listitem").filter({ hasText: TITLE });
      await row.getByRole("button", { name: "Publish", exact: true }).click();
      await row.getByRole("button", { name: "Unpublish", exact: true }).waitFor();
      await page.getByRole("status").getByText(/is published/).waitFor();
      assert.equal(await page.getByRole("textbox", { name: "Title" }).inputValue(), "", "the form is empty again");
      await page.getByRole("img", { name: /per day/ }).waitFor();
      await shots(page, "studio");
      assert.deepEqual(creator.problems.filter((p) => !notCreator.test(p)), []);
    });

    await t.test("the second person finds it by a word of its title, as they type, and buys it", async () => {
      const { page, context } = buyer;
      await signIn(page);
      const token = await tokenOf(page);
      const before = (await get(context, token, "/v1/me")).credits.balance;
      assert.ok(before >= PRICE, `the welcome grant pays for the pack (${before})`);

      await page.getByRole("link", { name: "Discover", exact: true }).click();
      const search = page.getByRole("searchbox", { name: "Search" });
      await search.pressSequentially(WORD, { delay: 35 });
      const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: TITLE }) });
      await item.getByRole("button", { name: "Buy", exact: true }).waitFor({ timeout: 15_000 });
      // Only the last words' answer shows: the one pack with that word.
      await waitFor(async () => (await page.getByRole("list", { name: "Results" }).getByRole("listitem").count()) === 1, "one result");
      assert.match(await item.innerText(), /Harbour Voice/);
      assert.match(await item.innerText(), new RegExp(`${PRICE} credits`));

      await item.getByRole("button", { name: "Buy", exact: true }).click();
      await item.getByRole("button", { name: "Owned", exact: true }).waitFor();
      await waitFor(async () => (await get(context, token, "/v1/me")).credits.balance === before - PRICE, "the price taken once");
      await page.getByText(`You have ${before - PRICE} credits`).waitFor();
      await shots(page, "discover");
    });

    await t.test("its page says Owned, takes a rating, and leads to the Library, where its ritual is", async () => {
      const { page, context } = buyer;
      await page.getByRole("link", { name: TITLE }).click();
      await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
      await page.getByRole("button", { name: "Owned", exact: true }).waitFor();
      await page.getByText(ritualTitle).first().waitFor();
      await page.getByRole("radio", { name: "4 stars" }).check({ force: true });
      await page.getByRole("status").getByText("Thank you: you gave it 4 stars.").waitFor();
      await shots(page, "pack");

      await page.getByRole("link", { name: "Play in your Library" }).click();
      const ritual = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: ritualTitle }) });
      await ritual.getByRole("button", { name: "Play" }).waitFor();
      const library = await get(context, await tokenOf(page), "/v1/library");
      assert.ok(library.some((r) => r.title === ritualTitle && r.source === "purchased"), "the ritual is in the library as purchased");
      assert.deepEqual(buyer.problems, []);
    });

    await creator.context.close();
    await buyer.context.close();
  });
});
