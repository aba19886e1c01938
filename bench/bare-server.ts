import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The baseline: a bare node:http server answering with fixed bytes, so app/bare shows what the
 * framework, middleware and rendering cost on top of Node itself. Run as a forked child (so it
 * doesn't share an event loop with autocannon); the parent sends the pages over IPC and gets
 * the port back.
 */
export interface BarePage {
  path: string;
  contentType: string;
  bodyBase64: string;
}

process.once('message', (msg: { pages: BarePage[] }) => {
  const pages = new Map(msg.pages.map((p) => [p.path, { contentType: p.contentType, body: Buffer.from(p.bodyBase64, 'base64') }]));
  const server = createServer((req, res) => {
    const page = pages.get(req.url ?? '');
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': page.contentType, 'content-length': page.body.length });
    res.end(page.body);
  });
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
});
