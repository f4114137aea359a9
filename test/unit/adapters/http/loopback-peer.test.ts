import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { isLoopbackPeer } from '../../../../src/adapters/http/loopback-peer.ts';

let server: Server;
let url: string;

before(async () => {
  server = createServer((req, res) => {
    res.end(isLoopbackPeer(req) ? 'local' : 'refused');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a request from this machine is a loopback peer', async () => {
  assert.equal(await (await fetch(url)).text(), 'local');
});

test('a request relayed by a local proxy (Forwarded or X-Forwarded-For) is not', async () => {
  assert.equal(await (await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.9' } })).text(), 'refused');
  assert.equal(await (await fetch(url, { headers: { forwarded: 'for=203.0.113.9' } })).text(), 'refused');
});
