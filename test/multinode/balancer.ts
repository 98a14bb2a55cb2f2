import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP load balancer, as a deployment puts in front of its nodes: each new connection goes to the next node in
 * turn, skipping one that refuses (a dead node). Whole connections are forwarded, so WebSockets pass untouched.
 */
export class Balancer {
  private server!: Server;
  private next = 0;
  private readonly open = new Set<Socket>();
  port = 0;

  constructor(private readonly ports: () => number[]) {}

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = createServer((client) => this.forward(client, 0));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  private forward(client: Socket, tried: number) {
    const ports = this.ports();
    if (tried >= ports.length) return client.destroy();
    const upstream = connect(ports[this.next++ % ports.length]!, '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.open.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.open.delete(client);
        this.open.delete(upstream);
      };
      client.on('close', drop).on('error', drop);
      upstream.on('close', drop).on('error', drop);
    });
    upstream.once('error', () => {
      if (!connected) this.forward(client, tried + 1);
    });
  }

  async close() {
    for (const s of this.open) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
