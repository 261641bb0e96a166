import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { PRIVILEGED_INTENTS } from './payloads.ts';

/** One gateway packet. */
export interface GatewayPacket {
  readonly op: number;
  readonly d: unknown;
  readonly s?: number | null;
  readonly t?: string | null;
}

/** What the gateway needs to know about the rest of the fake. */
export interface GatewaySetup {
  readonly server: Server;
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  /** READY's `d`, for a new session. */
  readonly ready: (sessionId: string) => Record<string, unknown>;
  /** Dispatches to send right after READY, e.g. GUILD_CREATE. */
  readonly afterReady: () => { t: string; d: unknown }[];
  readonly changed: () => void;
  /** Close every IDENTIFY with this code instead of accepting it, e.g. 4004 for a token the gateway rejects. */
  readonly closeIdentifyWith: number | null;
}

interface Session {
  readonly id: string;
  readonly intents: number;
  seq: number;
  /** Every dispatch of the session, for replay on RESUME. */
  readonly sent: GatewayPacket[];
  socket: WebSocket | null;
  /** True once READY or RESUMED went out on `socket`: dispatches may flow. */
  live: boolean;
}

const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

/**
 * The gateway half of the fake: HELLO, IDENTIFY, heartbeats and ACKs, READY and the
 * GUILD_CREATEs after it, RESUME with replay of what the bot missed, and dispatches
 * with increasing sequence numbers. Privileged intents are refused with 4014, as for an
 * application that has not switched them on; a wrong token closes with 4004.
 */
export class FakeGateway {
  readonly identifies: { intents: number; compress: unknown }[] = [];
  readonly resumes: { sessionId: string; seq: number; replayed: number }[] = [];
  /** Connections opened, with their query strings. */
  readonly connections: string[] = [];
  /** Things a real Discord would refuse, for tests to assert on. */
  readonly problems: string[] = [];
  heartbeats = 0;

  private session: Session | null = null;
  /** Set by `closeSession`: every later IDENTIFY or RESUME is closed with this code. */
  private refuseWith: number | null = null;
  private readonly server: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly setup: GatewaySetup) {
    this.server = new WebSocketServer({ server: setup.server });
    this.server.on('connection', (socket, request) => this.accept(socket, request));
  }

  /** The intents of the current session, or `null` before IDENTIFY. */
  get intents(): number | null {
    return this.session?.intents ?? null;
  }

  /** Whether the bot's session is connected and receiving dispatches. */
  get live(): boolean {
    return this.session?.live === true;
  }

  /**
   * Sends a dispatch to the bot. While the bot is disconnected it is kept for the
   * RESUME replay, as Discord does.
   */
  dispatch(t: string, d: unknown): void {
    const session = this.session;
    if (session === null) throw new Error('fake discord: the bot has not identified yet');
    session.seq += 1;
    const packet: GatewayPacket = { op: Op.Dispatch, t, s: session.seq, d };
    session.sent.push(packet);
    if (session.live && session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(packet));
  }

  /**
   * Drops the bot's connection as a gateway failover does (close code 4000, which a
   * client answers with RESUME on the `resume_gateway_url`).
   */
  dropConnection(): void {
    const socket = this.session?.socket;
    if (!socket) throw new Error('fake discord: the bot is not connected');
    this.session!.live = false;
    this.session!.socket = null;
    socket.close(4000, 'fake discord: connection dropped');
  }

  /**
   * Closes the bot's live connection with `code`, as Discord does mid-session when, for
   * example, the token is reset (4004) or an intent is no longer allowed (4014).
   * Further IDENTIFYs and RESUMEs are refused with the same code.
   */
  closeSession(code: number, reason = 'fake discord: session closed'): void {
    const socket = this.session?.socket;
    if (!socket) throw new Error('fake discord: the bot is not connected');
    this.session!.live = false;
    this.session!.socket = null;
    this.refuseWith = code;
    socket.close(code, reason);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.session?.socket === socket) {
        this.session.socket = null;
        this.session.live = false;
      }
      this.setup.changed();
    });
    const query = new URL(request.url ?? '/', 'ws://fake').searchParams;
    this.connections.push(query.toString());
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') this.problems.push(`gateway connected with ?${query.toString()} (want v=10&encoding=json)`);
    if (query.has('compress')) this.problems.push(`gateway asked for compress=${query.get('compress')}, which the fake does not speak`);
    socket.on('message', (data: Buffer) => this.receive(socket, JSON.parse(data.toString('utf8')) as GatewayPacket));
    this.send(socket, { op: Op.Hello, d: { heartbeat_interval: this.setup.heartbeatIntervalMs } });
    this.setup.changed();
  }

  private receive(socket: WebSocket, packet: GatewayPacket): void {
    switch (packet.op) {
      case Op.Heartbeat:
        this.heartbeats += 1;
        this.send(socket, { op: Op.HeartbeatAck, d: null });
        break;
      case Op.Identify:
        this.identify(socket, packet.d as { token: string; intents: number; compress?: unknown });
        break;
      case Op.Resume:
        this.resume(socket, packet.d as { token: string; session_id: string; seq: number });
        break;
      default:
        break; // presence updates, member requests: nothing to do
    }
    this.setup.changed();
  }

  private identify(socket: WebSocket, d: { token: string; intents: number; compress?: unknown }): void {
    if (d.token !== this.setup.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const refuse = this.refuseWith ?? this.setup.closeIdentifyWith;
    if (refuse !== null) {
      socket.close(refuse, 'fake discord: identify refused');
      return;
    }
    this.identifies.push({ intents: d.intents, compress: d.compress });
    if ((d.intents & PRIVILEGED_INTENTS) !== 0) {
      socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const id = randomUUID().replaceAll('-', '');
    this.session = { id, intents: d.intents, seq: 0, sent: [], socket, live: true };
    this.dispatch('READY', this.setup.ready(id));
    for (const { t, d: data } of this.setup.afterReady()) this.dispatch(t, data);
  }

  private resume(socket: WebSocket, d: { token: string; session_id: string; seq: number }): void {
    const session = this.session;
    if (d.token !== this.setup.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    if (this.refuseWith !== null) {
      socket.close(this.refuseWith, 'fake discord: resume refused');
      return;
    }
    if (session === null || session.id !== d.session_id) {
      this.send(socket, { op: Op.InvalidSession, d: false });
      return;
    }
    const missed = session.sent.filter((packet) => (packet.s ?? 0) > d.seq);
    this.resumes.push({ sessionId: d.session_id, seq: d.seq, replayed: missed.length });
    session.socket = socket;
    for (const packet of missed) this.send(socket, packet);
    session.live = true;
    this.dispatch('RESUMED', {});
  }

  private send(socket: WebSocket, packet: GatewayPacket): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(packet));
  }
}
