// OpenID Connect sign-in, end to end. The loopback provider (oidc-provider.mjs) is checked on its own first, against
// RFC 6749 and RFC 7636; then the browser signs in through it against WAQUP_OIDC_URL: a system started with dev tokens
// off and Auth:Oidc:Authority set to that provider (./waqup test web starts both). Without WAQUP_OIDC_URL the browser
// tests are skipped, so `npm run e2e` still runs against a plain system.
import assert from "node:assert/strict";
import { createHash, randomBytes, verify } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { launch, newPage, waitFor } from "./lib.mjs";
import { ADA, startProvider } from "./oidc-provider.mjs";

const OIDC = process.env.WAQUP_OIDC_URL?.replace(/\/$/, "");
const CLIENT = "waqup-web";

const s256 = (verifier) => createHash("sha256").update(verifier, "ascii").digest("base64url");

function decode(jwt) {
  const [header, payload] = jwt.split(".").slice(0, 2).map((p) => JSON.parse(Buffer.from(p, "base64url").toString("utf8")));
  return { header, payload };
}

describe("the loopback OpenID Connect provider", () => {
  const redirectUri = "http://app.test/auth/callback";
  let provider;
  before(async () => {
    provider = await startProvider({ clients: { [CLIENT]: [redirectUri] } });
  });
  after(async () => {
    await provider?.close();
  });

  const authorizeQuery = (overrides = {}) => {
    const verifier = randomBytes(32).toString("base64url");
    const params = {
      response_type: "code",
      client_id: CLIENT,
      redirect_uri: redirectUri,
      scope: "openid profile",
      state: "s-" + randomBytes(8).toString("hex"),
      nonce: "n-" + randomBytes(8).toString("hex"),
      code_challenge: s256(verifier),
      code_challenge_method: "S256",
      ...overrides,
    };
    for (const [k, v] of Object.entries(params)) if (v === undefined) delete params[k];
    return { verifier, params };
  };

  /** The consent page, then the button: returns the redirect's query. */
  async function code(overrides) {
    const { verifier, params } = authorizeQuery(overrides);
    const shown = await fetch(`${provider.url}/authorize?${new URLSearchParams(params)}`);
    assert.equal(shown.status, 200);
    assert.match(await shown.text(), /Continue as Ada/);
    const consent = await fetch(`${provider.url}/authorize`, {
      method: "POST",
      body: new URLSearchParams({ ...params, consent: "yes" }),
      redirect: "manual",
    });
    assert.equal(consent.status, 302);
    const back = new URL(consent.headers.get("location"));
    assert.equal(back.origin + back.pathname, redirectUri);
    assert.equal(back.searchParams.get("state"), params.state);
    return { code: back.searchParams.get("code"), verifier, params };
  }

  const redeem = (fields, headers = {}) =>
    fetch(`${provider.url}/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    });

  const fieldsFor = ({ code: c, verifier }) => ({ grant_type: "authorization_code", code: c, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });

  it("publishes its discovery document and key, readable from another origin", async () => {
    const discovery = await fetch(`${provider.url}/.well-known/openid-configuration`, { headers: { Origin: "http://app.test" } });
    assert.equal(discovery.headers.get("access-control-allow-origin"), "*");
    const meta = await discovery.json();
    assert.equal(meta.issuer, provider.url);
    assert.equal(meta.token_endpoint, `${provider.url}/token`);
    assert.deepEqual(meta.code_challenge_methods_supported, ["S256"]);
    const { keys } = await (await fetch(meta.jwks_uri)).json();
    assert.equal(keys.length, 1);
    assert.equal(keys[0].kty, "RSA");
  });

  it("refuses a bad client or redirect URI on a page of its own, and sends other faults back with the state", async () => {
    for (const bad of [{ client_id: "someone-else" }, { redirect_uri: "http://evil.test/auth/callback" }, { client_id: undefined }]) {
      const r = await fetch(`${provider.url}/authorize?${new URLSearchParams(authorizeQuery(bad).params)}`, { redirect: "manual" });
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal(r.headers.get("location"), null);
    }
    const cases = [
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge_method: undefined }, "invalid_request"],
      [{ code_challenge: undefined }, "invalid_request"],
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ scope: "profile" }, "invalid_scope"],
    ];
    for (const [bad, error] of cases) {
      const { params } = authorizeQuery(bad);
      const r = await fetch(`${provider.url}/authorize?${new URLSearchParams(params)}`, { redirect: "manual" });
      assert.equal(r.status, 302, JSON.stringify(bad));
      const back = new URL(r.headers.get("location"));
      assert.equal(back.searchParams.get("error"), error, JSON.stringify(bad));
      assert.equal(back.searchParams.get("state"), params.state);
      assert.equal(back.searchParams.get("code"), null);
    }
  });

  it("trades a code for RS256 tokens once, with the right verifier only", async () => {
    const good = await code();
    const r = await redeem(fieldsFor(good), { Origin: "http://app.test" });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("access-control-allow-origin"), "http://app.test");
    assert.equal(r.headers.get("cache-control"), "no-store");
    const body = await r.json();
    assert.equal(body.token_type, "Bearer");
    assert.ok(body.expires_in > 0);
    for (const [kind, jwt] of [["access", body.access_token], ["id", body.id_token]]) {
      const { header, payload } = decode(jwt);
      assert.equal(header.alg, "RS256", kind);
      const [h, p, sig] = jwt.split(".");
      assert.ok(verify("sha256", Buffer.from(`${h}.${p}`), provider.publicKey, Buffer.from(sig, "base64url")), `${kind} token signature`);
      assert.equal(payload.iss, provider.url);
      assert.equal(payload.aud, CLIENT);
      assert.equal(payload.sub, ADA.sub);
      assert.equal(payload.name, ADA.name);
      assert.ok(payload.exp > payload.iat);
    }
    assert.equal(decode(body.id_token).payload.nonce, good.params.nonce);

    const again = await redeem(fieldsFor(good));
    assert.equal(again.status, 400);
    assert.equal((await again.json()).error, "invalid_grant", "a code is used once");

    const wrong = await code();
    const refused = await redeem({ ...fieldsFor(wrong), code_verifier: randomBytes(32).toString("base64url") });
    assert.equal(refused.status, 400);
    assert.equal((await refused.json()).error, "invalid_grant", "another verifier");
    const late = await redeem(fieldsFor(wrong));
    assert.equal((await late.json()).error, "invalid_grant", "the code is spent by a failed try");

    const elsewhere = await code();
    const moved = await redeem({ ...fieldsFor(elsewhere), redirect_uri: "http://app.test/other" });
    assert.equal((await moved.json()).error, "invalid_grant", "another redirect_uri");
  });

  it("answers a missing field with invalid_request, and the preflight from a registered origin", async () => {
    const some = await code();
    for (const missing of ["code", "redirect_uri", "client_id", "code_verifier", "grant_type"]) {
      const fields = fieldsFor(some);
      delete fields[missing];
      const r = await redeem(fields);
      assert.equal(r.status, 400, missing);
      assert.equal((await r.json()).error, "invalid_request", missing);
    }
    assert.equal((await (await redeem({ ...fieldsFor(some), grant_type: "password" })).json()).error, "unsupported_grant_type");
    const unknown = await redeem({ ...fieldsFor(some), client_id: "someone-else" });
    assert.equal(unknown.status, 401);
    assert.equal((await unknown.json()).error, "invalid_client");

    const preflight = await fetch(`${provider.url}/token`, {
      method: "OPTIONS",
      headers: { Origin: "http://app.test", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "http://app.test");
    assert.match(preflight.headers.get("access-control-allow-methods"), /POST/);
    const stranger = await fetch(`${provider.url}/token`, { method: "OPTIONS", headers: { Origin: "http://evil.test", "Access-Control-Request-Method": "POST" } });
    assert.equal(stranger.headers.get("access-control-allow-origin"), null);
  });
});

describe("OpenID Connect sign-in in the browser", { skip: OIDC ? false : "WAQUP_OIDC_URL is not set (a system with dev tokens off and Auth:Oidc set)" }, () => {
  let browser;
  let config;
  before(async () => {
    config = await (await fetch(`${OIDC}/config.json`)).json();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  /** A page on the OIDC system, with every request to the provider's token endpoint counted. */
  async function oidcPage() {
    const opened = await newPage(browser, { baseURL: OIDC });
    opened.tokenRequests = [];
    opened.page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/token" && r.method() === "POST") opened.tokenRequests.push(r.url());
    });
    return opened;
  }

  /** From the sign-in page to the provider's consent page; returns the authorization request's query. */
  async function toProvider(page) {
    await page.goto("/");
    const signIn = page.getByRole("button", { name: "Sign in" });
    await signIn.waitFor();
    assert.equal(await page.getByRole("textbox", { name: "User id" }).count(), 0, "no development form");
    await signIn.click();
    await page.waitForURL((u) => u.origin === config.oidc.authority && u.pathname === "/authorize");
    return new URL(page.url()).searchParams;
  }

  it("signs in through OpenID Connect", async () => {
    assert.equal(config.dev_tokens, false);
    assert.equal(config.oidc.client_id, CLIENT);
    const { context, page, problems, tokenRequests } = await oidcPage();
    const visited = [];
    page.on("framenavigated", (f) => f === page.mainFrame() && visited.push(f.url()));

    const request = await toProvider(page);
    assert.equal(request.get("response_type"), "code");
    assert.equal(request.get("client_id"), CLIENT);
    assert.equal(request.get("redirect_uri"), `${OIDC}/auth/callback`);
    assert.equal(request.get("code_challenge_method"), "S256");
    assert.match(request.get("code_challenge"), /^[A-Za-z0-9_-]{43}$/);
    assert.ok(request.get("state") && request.get("nonce"), "state and nonce");

    await page.getByRole("button", { name: "Continue as Ada" }).click();
    await page.getByRole("log").waitFor();
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    const callback = visited.map((u) => new URL(u)).find((u) => u.origin === OIDC && u.pathname === "/auth/callback");
    assert.ok(callback, `the provider sent the browser to /auth/callback (visited: ${visited.join(", ")})`);
    assert.equal(callback.searchParams.get("state"), request.get("state"));
    assert.ok(callback.searchParams.get("code"));
    assert.equal(tokenRequests.length, 1, "the code was traded once");
    assert.equal(new URL(page.url()).pathname, "/talk", "the app leaves the callback");

    const me = await page.evaluate(async () => {
      const r = await fetch("/v1/me", { headers: { Authorization: `Bearer ${sessionStorage.getItem("waqup.token")}` } });
      return { status: r.status, body: await r.json() };
    });
    assert.equal(me.status, 200);
    assert.match(me.body.display_name, /^Ada /);
    assert.match(me.body.user_id, /^oidc-[0-9a-f]{24}$/);

    // The session starts: the socket took the provider's token and the balance is shown.
    await waitFor(async () => /\b\d+ credits?\b/.test(await page.locator("body").innerText()), "the balance on the conversation page");
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("refuses a callback whose state was tampered with", async (t) => {
    const { context, page, problems, tokenRequests } = await oidcPage();
    await toProvider(page);
    // The code the provider issues is real; only the state on the way back is another.
    await page.locator('input[name="state"]').evaluate((input) => (input.value = "tampered"));
    await page.getByRole("button", { name: "Continue as Ada" }).click();
    // The app leaves the callback for / once it has refused it.
    await page.waitForURL((u) => u.origin === OIDC && u.pathname === "/");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem("waqup.token")), null, "no token");
    assert.equal(await page.getByRole("log").count(), 0, "no conversation");
    assert.deepEqual(tokenRequests, [], "the code was never traded");

    await t.test("and says why", async () => {
      await page.getByRole("alert").filter({ hasText: "This sign-in was not started here; please try again." }).waitFor({ timeout: 2_000 });
    });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
