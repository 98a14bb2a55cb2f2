import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The two references the chat server is measured against, speaking the same exchange and storing nothing:
 * a plain Socket.IO relay (acks and rooms, as ours) and a bare `ws` relay (the ceiling of this machine).
 * Buyer `i` talks with agent `i % agents`.
 */
export async function serveRelay(kind: 'socketio' | 'ws', port: number, agents: number) {
  const http = createServer((_req, res) => res.end('ok'));
  let seq = 0;
  if (kind === 'socketio') {
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 256 * 1024 });
    io.of('/buyer').on('connection', (socket) => {
      const id = Number((socket.handshake.auth as { id: number }).id);
      void socket.join(`conversation:${id}`);
      socket.on('message:send', (m: { client_msg_id: string; text: string }, ack: (r: unknown) => void) => {
        const message = { conversation_id: id, seq: ++seq, client_msg_id: m.client_msg_id, sender: 'buyer', kind: 'text', body: { text: m.text } };
        ack({ ok: true, message });
        socket.nsp.server.of('/agent').to(`agent:${id % agents}`).emit('message', message);
      });
    });
    io.of('/agent').on('connection', (socket) => {
      void socket.join(`agent:${Number((socket.handshake.auth as { id: number }).id)}`);
      socket.on('message:send', (m: { conversation_id: number; client_msg_id: string; text: string }, ack: (r: unknown) => void) => {
        const message = { conversation_id: m.conversation_id, seq: ++seq, client_msg_id: m.client_msg_id, sender: 'agent', kind: 'text', body: { text: m.text } };
        ack({ ok: true, message });
        socket.nsp.server.of('/buyer').to(`conversation:${m.conversation_id}`).emit('message', message);
      });
    });
  } else {
    const buyers = new Map<number, WebSocket>();
    const agentSockets = new Map<number, WebSocket>();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws, req) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const id = Number(url.searchParams.get('id'));
      const side = url.searchParams.get('side');
      (side === 'agent' ? agentSockets : buyers).set(id, ws);
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as { ack: number; conversation_id?: number; client_msg_id: string; text: string };
        const conversation = side === 'agent' ? m.conversation_id! : id;
        const message = { conversation_id: conversation, seq: ++seq, client_msg_id: m.client_msg_id, sender: side, kind: 'text', body: { text: m.text } };
        ws.send(JSON.stringify({ ack: m.ack, ok: true, message }));
        const to = side === 'agent' ? buyers.get(conversation) : agentSockets.get(id % agents);
        to?.send(JSON.stringify({ event: 'message', message }));
      });
    });
  }
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  // Stopped by the benchmark: an orderly exit, so that a CPU profile (BENCH_PROF) is written.
  process.once('SIGTERM', () => process.exit(0));
}
