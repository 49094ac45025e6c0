// Bodies read whole are decoded by the client itself (src/zoho/bodyText.ts): every encoding, a body
// a fetch already decoded, corrupt and cut-off streams, and compressed bombs — byte by byte, then
// over loopback HTTP with our httpFetch, Node's global fetch and a hostile server.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { httpFetch } from '../../src/zoho/httpFetch';
import { decodeBody, MAX_BODY_BYTES } from '../../src/zoho/bodyText';
import { ZohoClient, ZohoError, type FetchLike } from '../../src/zoho';
import { startSimulator, type Simulator } from '../sim/server';
import { CAPTURED } from '../sim/capture';
import { SEED_JOB_ID } from '../sim/seedJobs';

const TOKEN = '1000.aaaabbbbccccddddeeeeffff00001111.2222333344445555666677778888aaaa';
const CTX = { kind: 'write' as const, jobId: '42' };
const JSON_TEXT = JSON.stringify({ status: 'success', id: '4150868000000624001', note: 'é ✓ ünïcode' });

const invalid = (detail: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ZohoError, String(e));
  assert.equal(e.code, 'INVALID_RESPONSE');
  assert.match(e.message, detail);
  return true;
};

describe('zoho/bodyText: decoding bodies read whole', () => {
  const plain = Buffer.from(JSON_TEXT, 'utf8');

  it('gzip, x-gzip, deflate (zlib and raw), br and identity all give the same text', () => {
    assert.equal(decodeBody(zlib.gzipSync(plain), 'gzip', CTX), JSON_TEXT);
    assert.equal(decodeBody(zlib.gzipSync(plain), ' X-GZIP ', CTX), JSON_TEXT);
    assert.equal(decodeBody(zlib.deflateSync(plain), 'deflate', CTX), JSON_TEXT);
    assert.equal(decodeBody(zlib.deflateRawSync(plain), 'deflate', CTX), JSON_TEXT);
    assert.equal(decodeBody(zlib.brotliCompressSync(plain), 'br', CTX), JSON_TEXT);
    assert.equal(decodeBody(plain, null, CTX), JSON_TEXT);
    assert.equal(decodeBody(plain, 'identity', CTX), JSON_TEXT);
  });

  it('a body the fetch already decoded (header still says gzip / deflate / br) is taken as it is', () => {
    for (const coding of ['gzip', 'deflate', 'br']) assert.equal(decodeBody(plain, coding, CTX), JSON_TEXT, coding);
    assert.equal(decodeBody(Buffer.alloc(0), 'gzip', CTX), '');
  });

  it('a gzip stream cut short is "cut off"; garbage after the gzip magic "could not be read"', () => {
    const gz = zlib.gzipSync(plain);
    assert.throws(() => decodeBody(gz.subarray(0, gz.length - 12), 'gzip', CTX), invalid(/cut off/));
    const broken = Buffer.concat([gz.subarray(0, 10), Buffer.alloc(40, 0xff)]);
    assert.throws(() => decodeBody(broken, 'gzip', CTX), invalid(/compressed answer could not be read/));
  });

  it('a compressed bomb stops at the cap instead of filling memory (gzip, deflate, br)', () => {
    const huge = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20); // 32 MB of spaces: ~33 KB gzipped
    const gz = zlib.gzipSync(huge);
    assert.ok(gz.length < 100_000);
    const before = process.memoryUsage().arrayBuffers;
    assert.throws(() => decodeBody(gz, 'gzip', CTX), invalid(/larger than 32 MB/));
    assert.ok(process.memoryUsage().arrayBuffers - before < MAX_BODY_BYTES + 1024 * 1024, 'no more than the cap was held');
    const small = Buffer.alloc(10_000, 0x20);
    assert.throws(() => decodeBody(zlib.deflateSync(small), 'deflate', CTX, 4096), invalid(/larger than 4 KB/));
    assert.throws(() => decodeBody(zlib.deflateRawSync(small), 'deflate', CTX, 4096), invalid(/larger than 4 KB/));
    assert.throws(() => decodeBody(zlib.brotliCompressSync(small), 'br', CTX, 4096), invalid(/larger than 4 KB/));
    assert.throws(() => decodeBody(small, null, CTX, 4096), invalid(/larger than 4 KB/), 'the cap holds for plain bodies too');
  });
});

describe('zoho/bodyText over loopback HTTP', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ token: TOKEN });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  const client = (fetch?: FetchLike, apiBase = sim.url) =>
    new ZohoClient({ apiBase, tokens: { getAccessToken: async () => TOKEN }, userAgent: 'zbj-test', version: 'v2', retry: { maxAttempts: 1 }, ...(fetch ? { fetch } : {}) });

  it('the fetch is asked not to decode; the gzipped seed response is decoded here, byte-exact', async () => {
    const seen: { compress?: boolean; encoding: string | null }[] = [];
    const spy: FetchLike = async (url, init) => {
      const res = await httpFetch(url, init);
      seen.push({ compress: init.compress, encoding: res.headers.get('content-encoding') });
      return res;
    };
    const res = await client(spy).getWriteJob(SEED_JOB_ID);
    assert.deepEqual(seen, [{ compress: false, encoding: 'gzip' }], 'the body arrived gzipped');
    assert.equal(res.rawJson, CAPTURED.success.body);
    assert.equal(res.job.id, SEED_JOB_ID);
  });

  it('Node’s global fetch (which always decodes) gives the same job and body', async () => {
    const res = await client(globalThis.fetch as unknown as FetchLike).getWriteJob(SEED_JOB_ID);
    assert.equal(res.rawJson, CAPTURED.success.body);
  });

  it('the gzipped RESOURCE_NOT_FOUND (400) is decoded and named', async () => {
    await assert.rejects(client().getWriteJob('111111111111111111'), (e: unknown) => {
      assert.ok(e instanceof ZohoError);
      assert.equal(e.code, 'RESOURCE_NOT_FOUND');
      return true;
    });
  });

  describe('a hostile server', () => {
    let server: http.Server;
    let answer: (res: http.ServerResponse) => void = () => undefined;
    let base = '';
    before(async () => {
      server = http.createServer((_req, res) => answer(res));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('a 200 gzip bomb → INVALID_RESPONSE "larger than 32 MB", the client survives', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      answer = (res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(bomb);
      await assert.rejects(client(undefined, base).getWriteJob('42'), invalid(/larger than 32 MB/));
    });

    it('a 200 plain body over the cap → INVALID_RESPONSE (the fetch stops buffering at 32 MB)', async () => {
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      answer = (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        let sent = 0;
        const more = (): void => {
          while (sent < 40 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        more();
      };
      await assert.rejects(client(undefined, base).getWriteJob('42'), invalid(/larger than 32 MB/));
    });

    it('a 400 whose gzip body is corrupt still reports the HTTP status', async () => {
      answer = (res) => res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
      await assert.rejects(client(undefined, base).getWriteJob('42'), (e: unknown) => {
        assert.ok(e instanceof ZohoError);
        assert.equal(e.code, 'HTTP_400');
        assert.equal(e.httpStatus, 400);
        return true;
      });
    });

    it('a 200 gzip body cut short → INVALID_RESPONSE "cut off"', async () => {
      const gz = zlib.gzipSync(Buffer.from(JSON_TEXT));
      answer = (res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(gz.subarray(0, gz.length - 8));
      await assert.rejects(client(undefined, base).getWriteJob('42'), invalid(/cut off/));
    });
  });
});
