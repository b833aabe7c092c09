// Starts the real depin-node binary for a test: free loopback ports, a temporary base path,
// stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const here = new URL('.', import.meta.url).pathname;

export function nodeBinary () {
  if (process.env.DEPIN_NODE) return process.env.DEPIN_NODE;
  const target = process.env.CARGO_TARGET_DIR || resolve(here, '../../target');
  return join(target, 'release', 'depin-node');
}

function freePort () {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export async function startNode (extra = []) {
  const base = mkdtempSync(join(tmpdir(), 'depin-js-'));
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const logPath = join(base, 'node.log');
  const log = openSync(logPath, 'w');
  const child = spawn(nodeBinary(), [
    '--dev', '--no-telemetry', '--no-prometheus', '--no-mdns',
    '--base-path', join(base, 'db'),
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    ...extra
  ], { stdio: ['ignore', 'ignore', log] });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  const logText = () => readFileSync(logPath, 'utf8').split('\n').slice(-40).join('\n');

  // Wait for the RPC server.
  const url = `ws://127.0.0.1:${rpcPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node exited early:\n${logText()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${rpcPort}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] })
      });
      if (r.ok) break;
    } catch (_) { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`no RPC within 120 s:\n${logText()}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    logText,
    async stop () {
      child.kill('SIGTERM');
      const timeout = new Promise((_, rej) => setTimeout(() => rej(new Error('node did not stop within 60 s')), 60_000));
      const { code, signal } = await Promise.race([exited, timeout]);
      rmSync(base, { recursive: true, force: true });
      if (code !== 0) throw new Error(`node exited with code ${code} signal ${signal}`);
    }
  };
}
