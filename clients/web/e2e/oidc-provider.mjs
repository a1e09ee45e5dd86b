// A small OpenID Connect provider on the loopback interface, for the browser test of the app's sign-in: discovery,
// JWKS (an RSA key made at start), /authorize with a one-button consent page ("Continue as Ada"), and /token for the
// authorization-code grant with PKCE S256 (RFC 7636) only. Plain Node: node:http and node:crypto.
//
// As a module:  const provider = await startProvider({ clients: { "waqup-web": ["http://127.0.0.1:8080/auth/callback"] } });
//               provider.url ... await provider.close();
// As a process: node e2e/oidc-provider.mjs --client-id waqup-web --redirect-uri http://127.0.0.1:8080/auth/callback [--port 0]
//               prints its URL (the issuer) on the first line of stdout, then one line per request; stops on SIGTERM.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

/** Who signs in: the provider has one person. */
export const ADA = { sub: "ada-0001", name: "Ada Lovelace" };

const CODE_LIFETIME_MS = 60_000;
const TOKEN_LIFETIME_S = 3600;
// RFC 7636 4.1: 43 to 128 characters of the unreserved set.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
// The S256 challenge is BASE64URL of a SHA-256 digest: 43 characters, no padding.
const CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

const b64url = (buf) => Buffer.from(buf).toString("base64url");

/**
 * Starts the provider. `clients` maps each client id to its registered redirect URIs (compared exactly);
 * `onRequest` is told of every request (method, path).
 */
export async function startProvider({ host = "127.0.0.1", port = 0, clients = {}, user = ADA, onRequest } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  // RFC 7638 thumbprint as the key id.
  const kid = b64url(createHash("sha256").update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest());
  const codes = new Map();
  const allowedOrigins = new Set(Object.values(clients).flat().map((u) => new URL(u).origin));
  let issuer = "";

  const jwt = (claims) => {
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  };

  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", Pragma: "no-cache", ...headers });
    res.end(JSON.stringify(body));
  };
  const page = (res, status, title, body) => {
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escape(title)}</title></head>` +
        `<body style="font-family:sans-serif;max-width:30rem;margin:3rem auto">${body}</body></html>`,
    );
  };

  // CORS for what the app fetches from its own origin: discovery and JWKS are public; the token endpoint answers the
  // origins of the registered redirect URIs only.
  const cors = (req, publicDoc) => {
    const origin = req.headers.origin;
    if (publicDoc) return { "Access-Control-Allow-Origin": "*" };
    if (origin && allowedOrigins.has(origin)) return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
    return {};
  };

  /**
   * Checks an authorization request (RFC 6749 4.1.1, RFC 7636 4.3). A bad client or redirect URI is told to the
   * person and never redirected to (4.1.2.1); any other fault goes back to the client as `error`.
   */
  const checkAuthorization = (params) => {
    const one = (name) => (params.getAll(name).length > 1 ? undefined : params.get(name));
    const clientId = one("client_id");
    const redirectUri = one("redirect_uri");
    if (!clientId || !clients[clientId]) return { fatal: "Unknown client_id." };
    if (!redirectUri || !clients[clientId].includes(redirectUri)) return { fatal: "This redirect_uri is not registered for the client." };
    const state = one("state");
    const back = (error, description) => ({ redirect: withQuery(redirectUri, { error, error_description: description, ...(state ? { state } : {}) }) });
    for (const name of ["response_type", "scope", "state", "code_challenge", "code_challenge_method", "nonce"]) {
      if (params.getAll(name).length > 1) return back("invalid_request", `${name} is repeated.`);
    }
    if (!state) return back("invalid_request", "state is required here.");
    const responseType = one("response_type");
    if (!responseType) return back("invalid_request", "response_type is missing.");
    if (responseType !== "code") return back("unsupported_response_type", "Only response_type=code is supported.");
    const scope = (one("scope") ?? "").split(" ").filter(Boolean);
    if (!scope.includes("openid")) return back("invalid_scope", "The scope must include openid.");
    const challenge = one("code_challenge");
    const method = one("code_challenge_method");
    if (!challenge) return back("invalid_request", "code_challenge is required (PKCE).");
    if (method !== "S256") return back("invalid_request", "code_challenge_method must be S256.");
    if (!CHALLENGE.test(challenge)) return back("invalid_request", "code_challenge is not a base64url SHA-256 digest.");
    return { clientId, redirectUri, state, challenge, scope: scope.join(" "), nonce: one("nonce") ?? undefined };
  };

  const authorize = (req, res, params) => {
    const checked = checkAuthorization(params);
    if (checked.fatal) return page(res, 400, "Sign-in error", `<h1>Sign-in error</h1><p>${escape(checked.fatal)}</p>`);
    if (checked.redirect) {
      res.writeHead(302, { Location: checked.redirect });
      return res.end();
    }
    if (req.method === "GET") {
      const hidden = [...params.entries()].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join("");
      return page(
        res,
        200,
        "Sign in to waQup",
        `<h1>Loopback identity provider</h1><p>${escape(checked.clientId)} asks who you are.</p>` +
          `<form method="post" action="/authorize">${hidden}<button type="submit" name="consent" value="yes">Continue as Ada</button></form>`,
      );
    }
    // The person pressed the button: a code bound to this client, redirect URI, challenge and nonce.
    const code = b64url(randomBytes(32));
    codes.set(code, { ...checked, expires: Date.now() + CODE_LIFETIME_MS });
    res.writeHead(302, { Location: withQuery(checked.redirectUri, { code, state: checked.state }) });
    res.end();
  };

  // RFC 6749 4.1.3 and 5.2, RFC 7636 4.5 and 4.6.
  const token = (req, res, params, headers) => {
    const fail = (status, error, description) => json(res, status, { error, error_description: description }, headers);
    for (const name of ["grant_type", "code", "redirect_uri", "client_id", "code_verifier"]) {
      if (params.getAll(name).length > 1) return fail(400, "invalid_request", `${name} is repeated.`);
    }
    const grantType = params.get("grant_type");
    if (!grantType) return fail(400, "invalid_request", "grant_type is missing.");
    if (grantType !== "authorization_code") return fail(400, "unsupported_grant_type", "Only authorization_code is supported.");
    for (const name of ["code", "redirect_uri", "client_id", "code_verifier"]) {
      if (!params.get(name)) return fail(400, "invalid_request", `${name} is missing.`);
    }
    const clientId = params.get("client_id");
    if (!clients[clientId]) return fail(401, "invalid_client", "Unknown client_id.");
    const code = params.get("code");
    const grant = codes.get(code);
    // A code is good for one try, whatever its outcome.
    codes.delete(code);
    if (!grant) return fail(400, "invalid_grant", "The code is unknown, expired or already used.");
    if (grant.expires < Date.now()) return fail(400, "invalid_grant", "The code has expired.");
    if (grant.clientId !== clientId) return fail(400, "invalid_grant", "The code was issued to another client.");
    if (grant.redirectUri !== params.get("redirect_uri")) return fail(400, "invalid_grant", "redirect_uri differs from the authorization request's.");
    const verifier = params.get("code_verifier");
    if (!VERIFIER.test(verifier)) return fail(400, "invalid_grant", "code_verifier is not 43 to 128 unreserved characters.");
    const derived = Buffer.from(b64url(createHash("sha256").update(verifier, "ascii").digest()));
    const expected = Buffer.from(grant.challenge);
    if (derived.length !== expected.length || !timingSafeEqual(derived, expected)) {
      return fail(400, "invalid_grant", "code_verifier does not match the code_challenge.");
    }
    const now = Math.floor(Date.now() / 1000);
    const common = { iss: issuer, aud: clientId, sub: user.sub, name: user.name, iat: now, exp: now + TOKEN_LIFETIME_S };
    json(
      res,
      200,
      {
        access_token: jwt({ ...common, scope: grant.scope, client_id: clientId, jti: b64url(randomBytes(12)) }),
        id_token: jwt({ ...common, azp: clientId, auth_time: now, ...(grant.nonce ? { nonce: grant.nonce } : {}) }),
        token_type: "Bearer",
        expires_in: TOKEN_LIFETIME_S,
        scope: grant.scope,
      },
      headers,
    );
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://provider");
    onRequest?.(req.method, url.pathname);
    try {
      if (url.pathname === "/.well-known/openid-configuration" || url.pathname === "/jwks") {
        const headers = cors(req, true);
        if (req.method === "OPTIONS") return preflight(res, headers, "GET");
        if (req.method !== "GET") return json(res, 405, { error: "invalid_request" }, { ...headers, Allow: "GET" });
        if (url.pathname === "/jwks") return json(res, 200, { keys: [{ kty: "RSA", use: "sig", alg: "RS256", kid, n: jwk.n, e: jwk.e }] }, headers);
        return json(
          res,
          200,
          {
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            response_types_supported: ["code"],
            grant_types_supported: ["authorization_code"],
            subject_types_supported: ["public"],
            id_token_signing_alg_values_supported: ["RS256"],
            scopes_supported: ["openid", "profile"],
            claims_supported: ["sub", "name", "iss", "aud", "iat", "exp", "nonce"],
            code_challenge_methods_supported: ["S256"],
            token_endpoint_auth_methods_supported: ["none"],
          },
          headers,
        );
      }
      if (url.pathname === "/authorize") {
        if (req.method === "GET") return authorize(req, res, url.searchParams);
        if (req.method === "POST") return authorize(req, res, await readForm(req));
        res.writeHead(405, { Allow: "GET, POST" });
        return res.end();
      }
      if (url.pathname === "/token") {
        const headers = cors(req, false);
        if (req.method === "OPTIONS") return preflight(res, headers, "POST");
        if (req.method !== "POST") return json(res, 405, { error: "invalid_request", error_description: "Use POST." }, { ...headers, Allow: "POST" });
        if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "")) {
          return json(res, 400, { error: "invalid_request", error_description: "The body must be application/x-www-form-urlencoded." }, headers);
        }
        return token(req, res, await readForm(req), headers);
      }
      json(res, 404, { error: "not_found" });
    } catch (e) {
      json(res, 500, { error: "server_error", error_description: String(e?.message ?? e) });
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  issuer = `http://${host}:${server.address().port}`;
  return {
    url: issuer,
    /** The public key, for checking the tokens' signatures. */
    publicKey: createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
    closeAllConnections: () => server.closeAllConnections(),
  };
}

function preflight(res, headers, method) {
  res.writeHead(204, {
    ...headers,
    "Access-Control-Allow-Methods": `${method}, OPTIONS`,
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
  });
  res.end();
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error("The body is too large.");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function withQuery(uri, params) {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const value = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const clientId = value("--client-id") ?? "waqup-web";
  const redirects = args.flatMap((a, i) => (a === "--redirect-uri" ? [args[i + 1]] : []));
  if (redirects.length === 0) {
    process.stderr.write("usage: node e2e/oidc-provider.mjs [--port N] [--client-id ID] --redirect-uri URI [--redirect-uri URI ...]\n");
    process.exit(2);
  }
  const provider = await startProvider({
    port: Number(value("--port") ?? 0),
    clients: { [clientId]: redirects },
    onRequest: (method, path) => process.stdout.write(`${new Date().toISOString()} ${method} ${path}\n`),
  });
  process.stdout.write(`${provider.url}\n`);
  const stop = async () => {
    provider.closeAllConnections();
    await provider.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
