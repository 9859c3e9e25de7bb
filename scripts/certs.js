"use strict";
/**
 * Finds or makes a TLS certificate for https://localhost, for `npm start` and `npm run dev-server`.
 *
 * Order (first that works wins):
 *   1. HTTPS_KEY + HTTPS_CERT environment variables (paths to PEM files);
 *   2. ~/.office-addin-dev-certs/localhost.{key,crt} — written by `npx office-addin-dev-certs install`,
 *      whose CA is trusted by the system, which Excel desktop requires;
 *   3. a self-signed certificate cached in node_modules/.cache/campaign-stats/ (regenerated after 25 days);
 *   4. a new self-signed certificate from the `selfsigned` package (a dependency of webpack-dev-server);
 *   5. a new self-signed certificate from the `openssl` command.
 * Returns null when none is possible; the caller then falls back to plain http and says so.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const crypto = require("node:crypto");
const { execFileSync } = require("node:child_process");

const ROOT = path.join(__dirname, "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "campaign-stats");
const CACHE_FILE = path.join(CACHE_DIR, "localhost.pem");
const MAX_CACHE_AGE_DAYS = 25;
const VALID_DAYS = 30;

/** Key/cert pair usable by https.createServer, or null if they do not parse or are expired. */
function usablePair(key, cert) {
  try {
    crypto.createPrivateKey(key);
    const x509 = new crypto.X509Certificate(cert);
    const now = Date.now();
    if (Date.parse(x509.validFrom) > now || Date.parse(x509.validTo) < now + 60 * 60 * 1000) return null;
    return { key, cert, validTo: x509.validTo };
  } catch {
    return null;
  }
}

function readPair(keyPath, certPath) {
  if (!fs.existsSync(keyPath) || !fs.existsSync(certPath)) return null;
  return usablePair(fs.readFileSync(keyPath, "utf8"), fs.readFileSync(certPath, "utf8"));
}

function fromEnv() {
  const { HTTPS_KEY, HTTPS_CERT } = process.env;
  if (!HTTPS_KEY || !HTTPS_CERT) return null;
  const pair = readPair(HTTPS_KEY, HTTPS_CERT);
  if (!pair) throw new Error(`HTTPS_KEY/HTTPS_CERT (${HTTPS_KEY}, ${HTTPS_CERT}) 无法读取或证书已过期`);
  return { ...pair, source: "env", trusted: true, description: `HTTPS_KEY/HTTPS_CERT 指定的证书` };
}

function fromOfficeDevCerts() {
  const dir = path.join(os.homedir(), ".office-addin-dev-certs");
  const pair = readPair(path.join(dir, "localhost.key"), path.join(dir, "localhost.crt"));
  if (!pair) return null;
  return { ...pair, source: "office-addin-dev-certs", trusted: true, description: `Office 开发证书 (${dir})` };
}

function fromCache() {
  try {
    const stat = fs.statSync(CACHE_FILE);
    if ((Date.now() - stat.mtimeMs) / 86400000 > MAX_CACHE_AGE_DAYS) return null;
    const pem = fs.readFileSync(CACHE_FILE, "utf8");
    const key = pem.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/);
    const cert = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/);
    if (!key || !cert) return null;
    const pair = usablePair(key[0] + "\n", cert[0] + "\n");
    return pair && { ...pair, source: "cache", trusted: false, description: `自签名证书 (缓存于 ${path.relative(ROOT, CACHE_FILE)})` };
  } catch {
    return null;
  }
}

function saveToCache(pair) {
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(CACHE_FILE, pair.key.trimEnd() + "\n" + pair.cert.trimEnd() + "\n", { mode: 0o600 });
  } catch {
    // a read-only tree only costs a new certificate next time
  }
}

function loadSelfsigned() {
  const paths = [ROOT, path.join(ROOT, "node_modules", "webpack-dev-server")];
  try {
    return require(require.resolve("selfsigned", { paths }));
  } catch {
    return null;
  }
}

async function fromSelfsigned() {
  const selfsigned = loadSelfsigned();
  if (!selfsigned) return null;
  const notBeforeDate = new Date(Date.now() - 60 * 1000);
  const notAfterDate = new Date(Date.now() + VALID_DAYS * 86400000);
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    algorithm: "sha256",
    keySize: 2048,
    days: VALID_DAYS, // selfsigned < 5
    notBeforeDate, // selfsigned >= 5
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  const pair = usablePair(pems.private, pems.cert);
  return pair && { ...pair, source: "selfsigned", trusted: false, description: "新生成的自签名证书 (selfsigned)" };
}

function fromOpenssl() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-cert-"));
  try {
    const keyPath = path.join(dir, "key.pem");
    const certPath = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        String(VALID_DAYS),
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: "ignore", timeout: 30000 },
    );
    const pair = readPair(keyPath, certPath);
    return pair && { ...pair, source: "openssl", trusted: false, description: "新生成的自签名证书 (openssl)" };
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @returns {Promise<null | { key: string, cert: string, validTo: string, source: string, trusted: boolean, description: string }>}
 */
async function getCertificate() {
  const existing = fromEnv() || fromOfficeDevCerts() || fromCache();
  if (existing) return existing;
  const made = await generateSelfSigned();
  if (made) saveToCache(made);
  return made;
}

/** A new self-signed certificate for localhost (not cached), or null when neither selfsigned nor openssl works. */
async function generateSelfSigned() {
  try {
    const made = await fromSelfsigned();
    if (made) return made;
  } catch {
    // fall through to openssl
  }
  return fromOpenssl();
}

/** Only the certificates that already exist (no generation): for webpack-dev-server's config. */
function findExistingCertificate() {
  return fromEnv() || fromOfficeDevCerts();
}

module.exports = { getCertificate, generateSelfSigned, findExistingCertificate, CACHE_FILE };
