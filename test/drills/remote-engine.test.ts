/**
 * A Docker engine elsewhere: this machine's engine served on a loopback TCP address of its own
 * (127.0.0.2, so it cannot be mistaken for localhost), DOCKER_HOST naming it. The drill must run
 * every Docker call through that socket and reach the nodes at that host's address. (A drill
 * whose verdict hangs on no timing: the suite runs drills side by side.)
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';

const ENGINE_HOST = '127.0.0.2';

/** A TCP front for the local engine's socket, counting the connections it carried. */
class EngineOverTcp {
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((client) => {
    this.connections++;
    const engine = connect('/var/run/docker.sock');
    for (const socket of [client, engine]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {}); // either end may go first; the other is closed below
    }
    client.pipe(engine).on('close', () => client.destroy());
    engine.pipe(client).on('close', () => engine.destroy());
    client.on('close', () => engine.destroy());
    engine.on('close', () => client.destroy());
  });

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, ENGINE_HOST, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('DOCKER_HOST naming a TCP engine', () => {
  const engine = new EngineOverTcp();
  let dockerHost = '';

  beforeAll(async () => {
    dockerHost = `tcp://${ENGINE_HOST}:${await engine.listen()}`;
  });
  afterAll(() => engine.close());

  it("runs a switchover drill through it, reaching the nodes at that host's address", async () => {
    const reportDir = await tempDir('remote-engine');
    const run = await pgdrill(['run', 'scenarios/ha/switchover.yaml', '--report-dir', reportDir], {
      env: { DOCKER_HOST: dockerHost },
    });
    await expectExit(run, 0);
    const result = await readResult(reportDir, 'switchover');
    expect(result.environment?.engine).toEqual({ host: dockerHost, nodesAt: ENGINE_HOST });
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    // the drill's Docker calls (containers, execs, log streams) went through the TCP front
    expect(engine.connections).toBeGreaterThan(10);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
