import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A webhook receiver on a free local port: keeps what it is sent and answers with the statuses it is told to. */
export class Receiver {
  readonly received: Received[] = [];
  /** Answers to give, in order; once used up, `fallback`. */
  answers: number[] = [];
  fallback = 200;
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(path = '/hooks/xiaoer') {
    let self: Receiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        self!.received.push({ headers: req.headers, body, json: JSON.parse(body) });
        res.statusCode = self!.answers.shift() ?? self!.fallback;
        res.end('thanks');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new Receiver(server, `http://127.0.0.1:${port}${path}`);
    return self;
  }

  events(type?: string) {
    return this.received.filter((r) => !type || r.json.event === type);
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
