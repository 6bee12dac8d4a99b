/**
 * A minimal static file server over a built site, on 127.0.0.1 and a free port: what a committee
 * member's file host does, with nothing Framework-specific. `.html` is not added to extension-less
 * paths, so a link that only works on Framework's dev server fails here as it would in the field.
 */
import { createServer, type Server } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".parquet": "application/vnd.apache.parquet",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".csv": "text/csv",
  ".txt": "text/plain",
  ".map": "application/json",
};

export interface StaticServer {
  url: string;
  server: Server;
  /** Paths requested so far (for assertions about what a page loaded). */
  requests: string[];
  /** When each of `requests` arrived (Date.now(), same index). */
  times: number[];
  close(): Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const times: number[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    times.push(Date.now());
    let file = normalize(join(base, path));
    if (!(file === base || file.startsWith(base + sep))) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    times,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
