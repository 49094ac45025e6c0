// httpFetch (src/zoho/httpFetch.ts), the client's own fetch on node:http, against a loopback server
// that misbehaves on purpose: header case, redirects returned, no decoding unless asked, the size
// cap, aborts at every stage, cut connections, refused connections, form POSTs and keep-alive.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { readBodyText } from '../../src/zoho/bodyText';
import { errorFromTransport, ZohoError } from '../../src/zoho/errors';
import { BodyTooLargeError, httpFetch, type HttpFetchInit } from '../../src/zoho/httpFetch';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const CTX = { kind: 'write' as const, jobId: '7' };
const get = (extra: Partial<HttpFetchInit> = {}): HttpFetchInit => ({
  method: 'GET', headers: { Accept: 'application/json' }, redirect: 'manual', signal: new AbortController().signal, ...extra,
});
const code = (c: string) => (e: unknown) => {
  assert.equal((e as { code?: string }).code, c, String(e));
  return true;
};
const abortError = (e: unknown) => {
  assert.equal((e as Error).name, 'AbortError', String(e));
  const z = errorFromTransport(e, CTX);
  assert.equal(z.code, 'ABORTED');
  return true;
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('zoho/httpFetch: the client’s own fetch on node:http', () => {
  let server: http.Server;
  let base = '';
  let handler: Handler = (_req, res) => res.end();
  let requests = 0;
  let connections = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      requests++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    requests = 0;
    connections = 0;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it('headers are read case-insensitively; repeated ones are joined; a missing one is null', async () => {
    handler = (_req, res) => {
      res.setHeader('X-Zoho-Thing', 'One');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end('{}');
    };
    const res = await httpFetch(`${base}/h`, get());
    assert.equal(res.headers.get('x-zoho-thing'), 'One');
    assert.equal(res.headers.get('X-ZOHO-THING'), 'One');
    assert.equal(res.headers.get('set-cookie'), 'a=1, b=2');
    assert.equal(res.headers.get('Retry-After'), null);
    assert.equal(await res.text(), '{}');
  });

  it('a redirect is returned, not followed (one request; its Location readable)', async () => {
    handler = (_req, res) => res.writeHead(302, { Location: 'https://evil.example/steal' }).end('moved');
    const res = await httpFetch(`${base}/r`, get());
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('Location'), 'https://evil.example/steal');
    assert.equal(await res.text(), 'moved');
    assert.equal(requests, 1);
  });

  it('sends the caller’s headers as given and does not decode unless asked (compress: true decodes)', async () => {
    const json = JSON.stringify({ ok: 'é ✓' });
    const gz = zlib.gzipSync(json);
    let seen: http.IncomingHttpHeaders = {};
    handler = (req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gz);
    };
    const raw = await httpFetch(`${base}/z`, get({ headers: { 'Accept-Encoding': 'gzip' }, compress: false }));
    assert.equal(seen['accept-encoding'], 'gzip');
    assert.deepEqual(Buffer.from(await raw.arrayBuffer()), gz, 'the gzip bytes as sent');
    const plainByDefault = await httpFetch(`${base}/z`, get({ headers: { 'Accept-Encoding': 'gzip' } }));
    assert.deepEqual(Buffer.from(await plainByDefault.arrayBuffer()), gz, 'no decoding by default');
    const decoded = await httpFetch(`${base}/z`, get({ headers: { 'Accept-Encoding': 'gzip' }, compress: true }));
    assert.equal(await decoded.text(), json);
    handler = (req, res) => {
      seen = req.headers;
      res.end('x');
    };
    await (await httpFetch(`${base}/n`, get({ headers: { Accept: 'text/plain' } }))).text();
    assert.equal(seen['accept-encoding'], undefined, 'no Accept-Encoding added');
  });

  describe('the size cap', () => {
    const over = (e: unknown) => {
      assert.ok(e instanceof BodyTooLargeError, String(e));
      assert.equal(e.type, 'max-size');
      return true;
    };

    it('a body of exactly `size` bytes is read; one byte more fails with type max-size (Content-Length and chunked)', async () => {
      handler = (req, res) => {
        const n = Number(new URL(req.url ?? '/', base).searchParams.get('n'));
        if (req.url?.includes('chunked')) {
          res.writeHead(200);
          for (let i = 0; i < n; i += 100) res.write(Buffer.alloc(Math.min(100, n - i), 0x61));
          res.end();
        } else {
          res.end(Buffer.alloc(n, 0x61));
        }
      };
      for (const kind of ['fixed', 'chunked']) {
        const exact = await httpFetch(`${base}/${kind}?n=1024`, get({ size: 1024 }));
        assert.equal((await exact.text()).length, 1024, kind);
        const big = await httpFetch(`${base}/${kind}?n=1025`, get({ size: 1024 }));
        await assert.rejects(big.arrayBuffer(), over, kind);
      }
    });

    it('a body that never ends stops at the cap, and bodyText reports "larger than"', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(Buffer.alloc(512, 0x20))), 1);
      };
      const res = await httpFetch(`${base}/endless`, get({ size: 4096 }));
      await assert.rejects(readBodyText(res, CTX, 4096), (e: unknown) => {
        assert.ok(e instanceof ZohoError, String(e));
        assert.equal(e.code, 'INVALID_RESPONSE');
        assert.match(e.message, /larger than 4 KB/);
        return true;
      });
    });
  });

  describe('aborts and broken connections', () => {
    it('an already aborted signal: nothing is sent', async () => {
      const c = new AbortController();
      c.abort();
      await assert.rejects(httpFetch(`${base}/a`, get({ signal: c.signal })), abortError);
      assert.equal(requests, 0);
    });

    it('abort while waiting for the headers', async () => {
      handler = () => undefined; // never answers
      const c = new AbortController();
      const p = httpFetch(`${base}/slow`, get({ signal: c.signal }));
      await tick(30);
      assert.equal(requests, 1);
      c.abort();
      await assert.rejects(p, abortError);
    });

    it('abort in the middle of the body: text() fails at once, also with compress: true', async () => {
      for (const compress of [false, true]) {
        handler = (_req, res) => {
          res.writeHead(200, compress ? { 'Content-Encoding': 'gzip' } : { 'Content-Length': '1000' });
          res.write(compress ? zlib.gzipSync('x').subarray(0, 12) : 'part of it');
        };
        const c = new AbortController();
        const res = await httpFetch(`${base}/half`, get({ signal: c.signal, compress }));
        const text = res.text();
        await tick(30);
        const t0 = Date.now();
        c.abort();
        await assert.rejects(text, abortError);
        assert.ok(Date.now() - t0 < 1000, 'not after a timeout');
      }
    });

    it('a Content-Length body cut short fails with ECONNRESET (read now, or after the cut)', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Length': '1000' });
        res.write('only this', () => setTimeout(() => res.socket?.destroy(), 20));
      };
      const res = await httpFetch(`${base}/cut`, get());
      await assert.rejects(res.text(), code('ECONNRESET'));
      const late = await httpFetch(`${base}/cut`, get());
      await tick(100); // the body errors before anyone reads it: no crash, and text() still reports it
      await assert.rejects(late.text(), (e: unknown) => {
        assert.equal(errorFromTransport(e, CTX).code, 'NETWORK_ERROR');
        return true;
      });
    });

    it('the connection closed before any answer: ECONNRESET "socket hang up"', async () => {
      handler = (req) => req.socket.destroy();
      await assert.rejects(httpFetch(`${base}/hangup`, get()), (e: unknown) => {
        code('ECONNRESET')(e);
        assert.match(errorFromTransport(e, { ...CTX, host: 'h' }).message, /closed before Zoho answered/);
        return true;
      });
    });

    it('a refused connection: ECONNREFUSED', async () => {
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      await assert.rejects(httpFetch(`http://127.0.0.1:${port}/`, get()), code('ECONNREFUSED'));
    });

    it('a body is read once', async () => {
      handler = (_req, res) => res.end('once');
      const res = await httpFetch(`${base}/once`, get());
      assert.equal(await res.text(), 'once');
      await assert.rejects(res.text(), /already used/);
    });
  });

  it('a form POST sends its body with Content-Length', async () => {
    let got = { method: '', body: '', length: '' };
    handler = (req, res, body) => {
      got = { method: req.method ?? '', body, length: String(req.headers['content-length']) };
      res.end('{"access_token":"x"}');
    };
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'ä&=' }).toString();
    const res = await httpFetch(`${base}/oauth/v2/token`, { ...get(), method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
    assert.equal(await res.text(), '{"access_token":"x"}');
    assert.deepEqual(got, { method: 'POST', body: form, length: String(Buffer.byteLength(form)) });
  });

  it('keep-alive: requests one after another share one connection (the global agent)', async () => {
    handler = (_req, res) => res.end('{}');
    for (let i = 0; i < 5; i++) assert.equal(await (await httpFetch(`${base}/k${i}`, get())).text(), '{}');
    assert.equal(requests, 5);
    assert.ok(connections <= 1, `${connections} connections for 5 requests`); // 0: an earlier test's is reused
  });
});
