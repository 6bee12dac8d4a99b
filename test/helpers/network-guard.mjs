// Loaded into every Node process of a build under test (NODE_OPTIONS=--import=…): records each
// attempt to reach another machine — a fetch(), a DNS lookup, a TCP connection to a host that is
// not this one — as one line in the file FTF_NETWORK_LOG, then lets the call go on unchanged.
// In a network namespace with no network the call fails anyway; the log is what makes an attempt
// that the caller swallows (Framework's telemetry does) fail the test. Unix sockets and loopback
// are local and not recorded. Plain .mjs: it runs before tsx is loaded, in npm's process too.
import { appendFileSync } from "node:fs";
import dns from "node:dns";
import net from "node:net";

const log = process.env.FTF_NETWORK_LOG;
const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0|::)$/i;

function record(kind, target) {
  if (!log) return;
  const where = (new Error().stack ?? "").split("\n").slice(3, 7).map((l) => l.trim()).join(" < ");
  appendFileSync(log, `${kind} ${target} (pid ${process.pid}: ${process.argv.slice(1, 3).join(" ")}) at ${where}\n`);
}

if (log) {
  const fetch0 = globalThis.fetch;
  if (fetch0) {
    globalThis.fetch = function (input, init) {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      if (!/^(data|blob|file):$/.test(url.protocol) && !LOCAL.test(url.hostname.replace(/^\[|\]$/g, ""))) record("fetch", url.href);
      return fetch0.call(this, input, init);
    };
  }
  const lookup0 = dns.lookup;
  dns.lookup = function (hostname, ...rest) {
    if (!LOCAL.test(String(hostname))) record("dns.lookup", hostname);
    return lookup0.call(this, hostname, ...rest);
  };
  const plookup0 = dns.promises.lookup;
  dns.promises.lookup = function (hostname, ...rest) {
    if (!LOCAL.test(String(hostname))) record("dns.promises.lookup", hostname);
    return plookup0.call(this, hostname, ...rest);
  };
  const connect0 = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    const a = Array.isArray(args[0]) ? args[0][0] : args[0];
    const opts = typeof a === "object" && a !== null ? a : typeof a === "number" ? { port: a, host: typeof args[1] === "string" ? args[1] : "localhost" } : { path: a };
    if (!opts.path && !LOCAL.test(String(opts.host ?? "localhost"))) record("connect", `${opts.host}:${opts.port}`);
    return connect0.apply(this, args);
  };
}
