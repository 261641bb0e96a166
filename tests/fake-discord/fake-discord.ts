import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FakeGateway } from './fake-gateway.ts';
import { contextMenuProblems, messageCommandData } from './message-command.ts';
import { messageProblems, type MessageBody } from './message-limits.ts';
import {
  Intent,
  MEMBER_PERMISSIONS,
  Permission,
  channelPayload,
  guildCreatePayload,
  memberPayload,
  snowflake,
  userPayload,
  type FakeUser,
  type GuildShape,
} from './payloads.ts';

/** How to start a fake Discord. */
export interface FakeDiscordOptions {
  /** The one bot token the fake accepts. */
  readonly token?: string;
  /** Heartbeat interval sent in HELLO; short so that tests never wait on it. */
  readonly heartbeatIntervalMs?: number;
  /** Time allowed for an interaction's first response: 3 s on Discord. */
  readonly interactionDeadlineMs?: number;
  /** Close every gateway IDENTIFY with this code (e.g. 4004) instead of accepting it. */
  readonly closeIdentifyWith?: number | null;
}

/** One HTTP request as the fake saw it and answered it. */
export interface RecordedRequest {
  readonly method: string;
  /** Decoded path after `/api/v10`, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | null;
  // Whatever JSON the bot sent: tests read into it freely.
  readonly body: any;
  readonly status: number;
  /** Why the fake refused the request; `null` when it succeeded. */
  readonly refusal: string | null;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
}

/** A message the fake holds, as Discord would return it. */
export interface FakeMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly guild_id?: string;
  readonly author: FakeUser;
  content: string;
  embeds: NonNullable<MessageBody['embeds']>;
  components: NonNullable<MessageBody['components']>;
  flags: number;
  readonly type: number;
  readonly timestamp: string;
  edited_timestamp: string | null;
  readonly message_reference?: { message_id: string; channel_id: string; guild_id?: string };
  readonly interaction_id?: string;
  /** The body of the request that last set this message's content, to check `allowed_mentions`. */
  lastBody: MessageBody | null;
}

/** Who performs an interaction or writes a message, and with which rights. */
export interface Actor {
  readonly user: FakeUser;
  /** Permissions of the member in the channel; members get MEMBER_PERMISSIONS by default. */
  readonly permissions?: bigint;
  readonly roles?: readonly string[];
  /** In a DM with the bot instead of the guild channel. */
  readonly dm?: boolean;
}

/** An interaction the fake sent, and what the bot did with it. */
export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  /** 2: slash command, 3: component (button), 4: autocomplete, 5: modal submit. */
  readonly type: InteractionType;
  readonly channelId: string;
  readonly guildId: string | undefined;
  /** For a button click, the message the button is on. */
  readonly messageId: string | undefined;
  /** `performance.now()` when INTERACTION_CREATE was dispatched. */
  readonly dispatchedAt: number;
  /** The interaction callback, once the bot acknowledged. */
  acknowledgement: RecordedRequest | null;
  /** The original response message, once there is one. */
  original: FakeMessage | null;
  /** Edits of `@original`, in order. */
  readonly edits: RecordedRequest[];
  readonly followUps: FakeMessage[];
  /** The choices of an autocomplete response (callback type 8). */
  choices: { name: string; value: string | number }[] | null;
  /** The modal the bot opened (callback type 9). */
  modal: Record<string, any> | null;
}

/** Interaction types the fake sends. */
export type InteractionType = 2 | 3 | 4 | 5;

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const CallbackType = { ChannelMessage: 4, DeferredChannelMessage: 5, DeferredUpdate: 6, UpdateMessage: 7, AutocompleteResult: 8, Modal: 9 } as const;

/** Starts a fake Discord (REST and gateway) on 127.0.0.1 and an ephemeral port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

/**
 * A small Discord for tests: REST over node:http and the gateway over ws on one port.
 * It enforces what Discord enforces and a bot can get wrong: the 3-second deadline and
 * the single acknowledgement of an interaction, message limits, bot-token auth on
 * non-webhook routes (401 otherwise), `default_member_permissions` and `contexts`
 * deciding who sees a command, privileged intents, and message content withheld from
 * bots without the MessageContent intent unless they are mentioned or in a DM.
 * Everything it refused is in `refusals`.
 */
export class FakeDiscord {
  readonly token: string;
  readonly bot: FakeUser;
  readonly applicationId: string;
  readonly guild: GuildShape;
  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly interactions = new Map<string, FakeInteraction>();
  /** Registered commands, global (`null` key) or per guild id. */
  readonly commands = new Map<string | null, Record<string, unknown>[]>();

  private readonly options: Required<FakeDiscordOptions>;
  private readonly server = createServer((request, response) => void this.handle(request, response));
  private readonly gateway: FakeGateway;
  private readonly events = new EventEmitter();
  private readonly dmChannels = new Map<string, string>();
  private readonly commandOverrides = new Set<string>();
  private port = 0;

  constructor(options: FakeDiscordOptions) {
    this.options = {
      token: options.token ?? fakeToken(),
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
      closeIdentifyWith: options.closeIdentifyWith ?? null,
    };
    this.token = this.options.token;
    this.bot = userPayload('article-bot', { bot: true });
    this.applicationId = this.bot.id;
    this.guild = { id: snowflake(), name: 'Fake Guild', channelId: snowflake(), ownerId: snowflake(), moderatorRoleId: snowflake() };
    this.events.setMaxListeners(200);
    this.gateway = new FakeGateway({
      server: this.server,
      token: this.token,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      ready: (sessionId) => ({
        v: 10,
        user: { ...this.bot, verified: true, mfa_enabled: false, flags: 0 },
        guilds: [{ id: this.guild.id, unavailable: true }],
        session_id: sessionId,
        resume_gateway_url: this.gatewayUrl,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        geo_ordered_rtc_regions: [],
        guild_join_requests: [],
        user_settings: {},
      }),
      afterReady: () => [{ t: 'GUILD_CREATE', d: guildCreatePayload(this.guild, this.bot) }],
      changed: () => this.changed(),
      closeIdentifyWith: this.options.closeIdentifyWith,
    });
  }

  /** REST base URL to hand to discord.js as `rest.api` (it appends `/v10`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Gateway bookkeeping: identifies, resumes, heartbeats, problems. */
  get gatewayState(): FakeGateway {
    return this.gateway;
  }

  /** Requests the fake refused, with the reason; a well-behaved bot leaves this empty. */
  get refusals(): RecordedRequest[] {
    return this.requests.filter((request) => request.refusal !== null);
  }

  /** Everything a real Discord would have refused, REST and gateway, as lines. */
  problems(): string[] {
    return [
      ...this.refusals.map((request) => `${request.method} ${request.path} → ${request.status}: ${request.refusal}`),
      ...this.gateway.problems,
    ];
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A new user of the guild (and a possible DM partner of the bot). */
  user(name: string, options: { bot?: boolean } = {}): FakeUser {
    return userPayload(name, options);
  }

  /** Resolves once the bot's gateway session is live (after READY or RESUMED). */
  async waitForSession(timeoutMs = 4000): Promise<void> {
    await this.waitFor(() => (this.gateway.live ? true : undefined), timeoutMs, 'a live gateway session');
  }

  /** Closes the bot's gateway session for good with a close code such as 4004 (see FakeGateway.closeSession). */
  closeSession(code: number): void {
    this.gateway.closeSession(code);
  }

  /** Drops the bot's gateway connection; it should come back with RESUME. */
  dropConnection(): void {
    this.gateway.dropConnection();
  }

  /** Resolves with the next RESUME after `count` earlier ones. */
  async waitForResume(count: number, timeoutMs = 4000): Promise<FakeGateway['resumes'][number]> {
    return this.waitFor(() => (this.gateway.live ? this.gateway.resumes[count] : undefined), timeoutMs, 'a RESUME');
  }

  /** Waits for a request matching `predicate` (including ones already made). */
  async waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 4000, what = 'a request'): Promise<RecordedRequest> {
    return this.waitFor(() => this.requests.find(predicate), timeoutMs, what);
  }

  /** Names of the commands a member sees in the command picker. */
  visibleCommands(actor: Actor): string[] {
    return this.registeredCommands().filter((command) => this.canUse(command, actor)).map((command) => String(command.name));
  }

  /**
   * Lets one user use a command whatever its `default_member_permissions`, as a server
   * admin can in Server Settings → Integrations.
   */
  allowCommand(name: string, userId: string): void {
    this.commandOverrides.add(`${name}\u0000${userId}`);
  }

  /**
   * Dispatches a slash command as `actor` uses it. Throws when Discord would not let
   * them: the command is not registered, hidden from them, or an option is wrong.
   */
  slash(name: string, options: Record<string, string | number | boolean>, actor: Actor): FakeInteraction {
    const command = this.registeredCommands().find((candidate) => candidate.name === name);
    if (command === undefined) throw new Error(`fake discord: /${name} is not registered`);
    if (!this.canUse(command, actor)) throw new Error(`fake discord: /${name} is hidden from ${actor.user.username}`);
    const definitions = (command.options ?? []) as { name: string; type: number; required?: boolean }[];
    for (const definition of definitions) {
      if (definition.required === true && !(definition.name in options)) throw new Error(`fake discord: /${name} needs ${definition.name}`);
    }
    const data = {
      id: String(command.id),
      name,
      type: 1,
      options: Object.entries(options).map(([key, value]) => {
        const definition = definitions.find((candidate) => candidate.name === key);
        if (definition === undefined) throw new Error(`fake discord: /${name} has no option ${key}`);
        const expected = { 3: 'string', 4: 'number', 5: 'boolean', 10: 'number' }[definition.type];
        if (typeof value !== expected) throw new Error(`fake discord: /${name} ${key} must be a ${expected}`);
        return { name: key, type: definition.type, value };
      }),
      ...(command.guild_id === undefined ? {} : { guild_id: command.guild_id }),
    };
    return this.interact(2, data, actor, undefined);
  }

  /**
   * Dispatches a message command (right-click → Apps → `name`) used on `target`, with the
   * message in `resolved.messages` as Discord sends it: content included, whatever the
   * bot's intents. Throws when the command is not registered or hidden from `actor`.
   */
  messageCommand(name: string, target: FakeMessage, actor: Actor): FakeInteraction {
    const command = this.registeredCommands().find((candidate) => candidate.name === name && candidate.type === 3);
    if (command === undefined) throw new Error(`fake discord: message command ${name} is not registered`);
    const where = { ...actor, dm: target.guild_id === undefined };
    if (!this.canUse(command, where)) throw new Error(`fake discord: message command ${name} is hidden from ${actor.user.username}`);
    return this.interact(2, messageCommandData(command, this.apiMessage(target)), where, undefined);
  }

  /** Dispatches a click on a button of `message`. Throws when the message has no such enabled button. */
  click(message: FakeMessage, customId: string, actor: Actor): FakeInteraction {
    const current = this.messages.get(message.id);
    if (current === undefined) throw new Error('fake discord: no such message');
    const button = current.components.flatMap((row) => row.components ?? []).find((candidate) => candidate.custom_id === customId);
    if (button === undefined) throw new Error(`fake discord: the message has no button ${customId}`);
    if ((button as { disabled?: boolean }).disabled === true) throw new Error(`fake discord: button ${customId} is disabled`);
    return this.interact(3, { custom_id: customId, component_type: 2 }, { ...actor, dm: current.guild_id === undefined }, this.apiMessage(current));
  }

  /** A message as the API returns it, e.g. for an interaction's `message`. */
  payloadOf(message: FakeMessage): ReturnType<FakeDiscord['apiMessage']> {
    return this.apiMessage(message);
  }

  /**
   * A user writes a message in the guild channel (or their DM with the bot). Mentions
   * are read from `<@id>` in the content. With `replyTo`, it is a reply (Discord's
   * reply feature) to that message, which mentions its author unless `ping` is false.
   * Returns the message.
   */
  say(content: string, actor: Actor, options: { replyTo?: FakeMessage; ping?: boolean } = {}): FakeMessage {
    const { replyTo } = options;
    const mentioned = [...content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1]);
    if (replyTo !== undefined && options.ping !== false) mentioned.push(replyTo.author.id);
    const message = this.store({
      id: snowflake(),
      channel_id: actor.dm === true ? this.dmChannel(actor.user.id) : this.guild.channelId,
      ...(actor.dm === true ? {} : { guild_id: this.guild.id }),
      author: actor.user,
      content,
      embeds: [],
      components: [],
      flags: 0,
      type: replyTo === undefined ? 0 : 19,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      lastBody: null,
      ...(replyTo === undefined ? {} : { message_reference: { message_id: replyTo.id, channel_id: replyTo.channel_id, ...(replyTo.guild_id === undefined ? {} : { guild_id: replyTo.guild_id }) } }),
    });
    const payload = this.apiMessage(message, {
      mentions: mentioned.includes(this.bot.id) ? [this.bot] : [],
      mention_everyone: /@(everyone|here)\b/.test(content),
    });
    const referenced = replyTo === undefined ? {} : { referenced_message: this.apiMessage(this.messages.get(replyTo.id) ?? replyTo) };
    this.dispatchMessage({ ...payload, ...referenced }, { mentionsBot: mentioned.includes(this.bot.id) });
    return message;
  }

  /** Resolves with the bot's reply to a message (a message that references it). */
  async waitForReplyTo(message: FakeMessage, timeoutMs = 4000): Promise<FakeMessage> {
    return this.waitFor(
      () => [...this.messages.values()].find((candidate) => candidate.message_reference?.message_id === message.id),
      timeoutMs,
      `a reply to message ${message.id}`,
    );
  }

  /** Waits for the first response of an interaction (the callback). */
  async waitForAcknowledgement(interaction: FakeInteraction, timeoutMs = 4000): Promise<RecordedRequest> {
    return this.waitFor(() => interaction.acknowledgement ?? undefined, timeoutMs, `the acknowledgement of interaction ${interaction.id}`);
  }

  /**
   * Resolves with the bot's visible answer to an interaction: an immediate reply, or the
   * original message after its first edit when the bot deferred.
   */
  async waitForReply(interaction: FakeInteraction, timeoutMs = 4000): Promise<FakeMessage> {
    return this.waitFor(
      () => {
        const type = interaction.acknowledgement?.body?.type as number | undefined;
        if (type === CallbackType.ChannelMessage || type === CallbackType.UpdateMessage) return interaction.original ?? undefined;
        if (type === CallbackType.DeferredChannelMessage && interaction.edits.length > 0) return interaction.original ?? undefined;
        return undefined;
      },
      timeoutMs,
      `the reply to interaction ${interaction.id}`,
    );
  }

  /** Sends a raw dispatch to the bot. */
  dispatch(t: string, d: unknown): void {
    this.gateway.dispatch(t, d);
  }

  private registeredCommands(): Record<string, unknown>[] {
    return [...(this.commands.get(this.guild.id) ?? []), ...(this.commands.get(null) ?? [])];
  }

  private canUse(command: Record<string, unknown>, actor: Actor): boolean {
    const contexts = command.contexts as number[] | undefined | null;
    if (contexts != null && !contexts.includes(actor.dm === true ? 1 : 0)) return false;
    if (actor.dm === true) return true;
    const required = command.default_member_permissions as string | null | undefined;
    if (required == null) return true;
    if (this.commandOverrides.has(`${String(command.name)}\u0000${actor.user.id}`)) return true;
    const permissions = actor.permissions ?? MEMBER_PERMISSIONS;
    if ((permissions & Permission.Administrator) !== 0n) return true;
    const bits = BigInt(required);
    return bits !== 0n && (permissions & bits) === bits;
  }

  /** Dispatches an interaction of any type; `message` is the payload of the message it comes from (see `payloadOf`). */
  interact(type: InteractionType, data: unknown, actor: Actor, message: unknown): FakeInteraction {
    const id = snowflake();
    const token = `interaction-token-${id}`;
    const permissions = (actor.permissions ?? MEMBER_PERMISSIONS).toString();
    const where =
      actor.dm === true
        ? {
            channel_id: this.dmChannel(actor.user.id),
            channel: { id: this.dmChannel(actor.user.id), type: 1, recipients: [actor.user] },
            user: actor.user,
            context: 1,
            authorizing_integration_owners: { '0': this.guild.id },
          }
        : {
            guild_id: this.guild.id,
            guild: { id: this.guild.id, features: [], locale: 'en-US' },
            channel_id: this.guild.channelId,
            channel: { ...channelPayload(this.guild), permissions },
            member: memberPayload(actor.user, { roles: actor.roles ?? [], permissions: actor.permissions ?? MEMBER_PERMISSIONS }),
            guild_locale: 'en-US',
            context: 0,
            authorizing_integration_owners: { '0': this.guild.id },
          };
    const interaction: FakeInteraction = {
      id,
      token,
      type,
      channelId: where.channel_id,
      guildId: actor.dm === true ? undefined : this.guild.id,
      messageId: (message as { id?: string } | undefined)?.id,
      dispatchedAt: performance.now(),
      acknowledgement: null,
      original: null,
      edits: [],
      followUps: [],
      choices: null,
      modal: null,
    };
    this.interactions.set(id, interaction);
    this.gateway.dispatch('INTERACTION_CREATE', {
      id,
      application_id: this.applicationId,
      type,
      data,
      token,
      version: 1,
      locale: 'en-US',
      app_permissions: (MEMBER_PERMISSIONS | Permission.SendMessagesInThreads).toString(),
      entitlements: [],
      attachment_size_limit: 8 * 1024 * 1024,
      ...where,
      ...(message === undefined ? {} : { message }),
    });
    return interaction;
  }

  private dispatchMessage(payload: ReturnType<FakeDiscord['apiMessage']>, { mentionsBot }: { mentionsBot: boolean }): void {
    const intents = this.gateway.intents ?? 0;
    const inGuild = payload.guild_id !== undefined;
    if ((intents & (inGuild ? Intent.GuildMessages : Intent.DirectMessages)) === 0) return;
    // Without the MessageContent intent Discord withholds content, except in DMs, for
    // messages that mention the bot, and for the bot's own messages.
    const contentVisible = (intents & Intent.MessageContent) !== 0 || !inGuild || mentionsBot || payload.author.id === this.bot.id;
    this.gateway.dispatch('MESSAGE_CREATE', contentVisible ? payload : { ...payload, content: '', embeds: [], components: [] });
  }

  private dmChannel(userId: string): string {
    let channel = this.dmChannels.get(userId);
    if (channel === undefined) {
      channel = snowflake();
      this.dmChannels.set(userId, channel);
    }
    return channel;
  }

  private store(message: FakeMessage): FakeMessage {
    this.messages.set(message.id, message);
    return message;
  }

  private apiMessage(message: FakeMessage, extra: { mentions?: FakeUser[]; mention_everyone?: boolean } = {}) {
    return {
      id: message.id,
      type: message.type,
      channel_id: message.channel_id,
      // Discord sends the channel type with MESSAGE_CREATE; discord.js needs it to build an uncached DM channel.
      channel_type: message.guild_id === undefined ? 1 : 0,
      ...(message.guild_id === undefined ? {} : { guild_id: message.guild_id, member: memberPayload(message.author) }),
      author: message.author,
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      attachments: [],
      mentions: extra.mentions ?? [],
      mention_roles: [],
      mention_everyone: extra.mention_everyone ?? false,
      pinned: false,
      tts: false,
      flags: message.flags,
      timestamp: message.timestamp,
      edited_timestamp: message.edited_timestamp,
      ...(message.message_reference === undefined ? {} : { message_reference: message.message_reference }),
      ...(message.interaction_id === undefined ? {} : { webhook_id: this.applicationId, application_id: this.applicationId }),
    };
  }

  private botMessage(channelId: string, guildId: string | undefined, body: MessageBody, extra: Partial<FakeMessage> & { type: number }): FakeMessage {
    return this.store({
      id: snowflake(),
      channel_id: channelId,
      ...(guildId === undefined ? {} : { guild_id: guildId }),
      author: this.bot,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags: body.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      lastBody: body,
      ...extra,
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    let body: unknown = null;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const path = url.pathname.replace(/^\/api\/v10(?=\/)/, '');
    const segments = path.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
    const method = request.method ?? 'GET';
    const authorization = request.headers.authorization ?? null;
    const decodedPath = `/${segments.join('/')}`;
    let outcome: Outcome;
    try {
      outcome = this.route(method, segments, url.searchParams, authorization, body);
    } catch (error) {
      outcome = refuse(500, 0, `fake discord crashed: ${(error as Error).stack ?? String(error)}`);
    }
    this.requests.push({
      method,
      path: decodedPath,
      query: url.searchParams,
      authorization,
      body,
      status: outcome.status,
      refusal: outcome.refusal ?? null,
      at,
    });
    response.writeHead(outcome.status, outcome.body === undefined ? {} : { 'Content-Type': 'application/json' });
    response.end(outcome.body === undefined ? undefined : JSON.stringify(outcome.body));
    this.changed();
  }

  private route(method: string, s: string[], query: URLSearchParams, authorization: string | null, body: unknown): Outcome {
    if (s[0] === 'api' || s.length === 0) return refuse(404, 0, 'requests must go to /api/v10/…');
    const [root, a, b, c, d] = s;
    const key = `${method} ${root}`;
    // Interaction and webhook routes are authorised by their token, not the bot token.
    if (key === 'POST interactions' && c === 'callback' && s.length === 4) return this.callback(a!, b!, query, body as Callback);
    if (root === 'webhooks') return this.webhook(method, a!, b!, c, d, body as MessageBody);
    if (authorization !== `Bot ${this.token}`) return refuse(401, 0, authorization === null ? 'no Authorization header' : 'wrong bot token', '401: Unauthorized');

    if (key === 'GET gateway' && a === 'bot') {
      return ok({ url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === 'GET' && ((root === 'applications' && a === '@me') || (root === 'oauth2' && a === 'applications' && b === '@me'))) {
      return ok({ id: this.applicationId, name: 'Ask the article', description: '', bot_public: true, bot_require_code_grant: false, flags: 0, bot: this.bot });
    }
    if (key === 'GET users' && a === '@me') return ok(this.bot);
    if (root === 'applications' && (b === 'commands' || (b === 'guilds' && d === 'commands'))) {
      if (a !== this.applicationId) return refuse(403, 50001, `application ${a} is not this bot's (${this.applicationId})`, 'Missing Access');
      const guildId = b === 'guilds' ? c! : null;
      if (guildId !== null && guildId !== this.guild.id) return refuse(403, 50001, `the bot is not in guild ${guildId}`, 'Missing Access');
      if (method === 'GET') return ok(this.commands.get(guildId) ?? []);
      if (method === 'PUT') return this.putCommands(guildId, body);
    }
    if (root === 'channels' && b === 'typing' && method === 'POST') return { status: 204 };
    if (root === 'channels' && b === 'messages' && method === 'POST') return this.channelMessage(a!, body as MessageBody);
    return refuse(404, 0, `the fake has no route ${method} /${s.join('/')}`, '404: Not Found');
  }

  private putCommands(guildId: string | null, body: unknown): Outcome {
    if (!Array.isArray(body)) return refuse(400, 50035, 'bulk overwrite needs an array');
    const problems: string[] = [];
    const stored = body.map((definition: Record<string, unknown>) => {
      const type = definition.type ?? 1;
      if (type === 2 || type === 3) {
        // User and message commands: 1-32 characters of any case, spaces allowed; no description, no options.
        problems.push(...contextMenuProblems(definition));
      } else {
        if (typeof definition.name !== 'string' || !/^[-_\p{L}\p{N}]{1,32}$/u.test(definition.name) || definition.name !== definition.name.toLowerCase()) {
          problems.push(`name ${String(definition.name)}: 1-32 lower-case letters, digits, - or _`);
        }
        if (typeof definition.description !== 'string' || definition.description.length < 1 || definition.description.length > 100) {
          problems.push(`${String(definition.name)}.description: 1 to 100 characters`);
        }
      }
      for (const option of (definition.options ?? []) as { name: string; description: string }[]) {
        if (option.description.length > 100) problems.push(`${String(definition.name)}.${option.name}.description: 1 to 100 characters`);
      }
      const permissions = definition.default_member_permissions;
      if (permissions !== undefined && permissions !== null && !(typeof permissions === 'string' && /^\d+$/.test(permissions))) {
        problems.push(`${String(definition.name)}.default_member_permissions: a permission bit set as a string`);
      }
      return {
        ...definition,
        id: snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        type: definition.type ?? 1,
        description: definition.description ?? '',
        ...(guildId === null ? {} : { guild_id: guildId }),
        default_member_permissions: permissions ?? null,
      };
    });
    if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
    this.commands.set(guildId, stored);
    return ok(stored);
  }

  private callback(id: string, token: string, query: URLSearchParams, body: Callback): Outcome {
    const interaction = this.interactions.get(id);
    if (interaction === undefined || interaction.token !== token) return refuse(404, 10062, 'unknown interaction', 'Unknown interaction');
    const elapsed = performance.now() - interaction.dispatchedAt;
    if (elapsed > this.options.interactionDeadlineMs) {
      return refuse(404, 10062, `first response ${Math.round(elapsed)} ms after the interaction (limit ${this.options.interactionDeadlineMs} ms)`, 'Unknown interaction');
    }
    if (interaction.acknowledgement !== null) return refuse(400, 40060, 'the interaction was already acknowledged', 'Interaction has already been acknowledged.');
    const data = body.data ?? {};
    switch (body.type) {
      case CallbackType.ChannelMessage:
      case CallbackType.DeferredChannelMessage: {
        const deferred = body.type === CallbackType.DeferredChannelMessage;
        if (!deferred) {
          const problems = messageProblems(data, { creating: true });
          if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
        }
        interaction.original = this.botMessage(interaction.channelId, interaction.guildId, deferred ? { flags: data.flags ?? 0 } : data, {
          type: 20,
          interaction_id: interaction.id,
          flags: (data.flags ?? 0) | (deferred ? LOADING : 0),
        });
        if ((interaction.original.flags & EPHEMERAL) === 0) {
          this.dispatchMessage(this.apiMessage(interaction.original), { mentionsBot: false });
        }
        break;
      }
      case CallbackType.DeferredUpdate:
      case CallbackType.UpdateMessage: {
        if (interaction.messageId === undefined) return refuse(400, 50035, 'only component interactions can update a message', 'Invalid Form Body');
        const target = this.messages.get(interaction.messageId)!;
        if (body.type === CallbackType.UpdateMessage) {
          const problems = messageProblems(data, { creating: false });
          if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
          applyEdit(target, data);
        }
        interaction.original = target;
        break;
      }
      case CallbackType.AutocompleteResult: {
        if (interaction.type !== 4) return refuse(400, 50035, 'only autocomplete interactions take choices', 'Invalid Form Body');
        const problems = choiceProblems((body.data as { choices?: unknown } | undefined)?.choices);
        if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
        interaction.choices = (body.data as { choices: { name: string; value: string | number }[] }).choices;
        break;
      }
      case CallbackType.Modal: {
        if (interaction.type !== 2 && interaction.type !== 3) return refuse(400, 50035, 'only command and component interactions can open a modal', 'Invalid Form Body');
        const problems = modalProblems(body.data as Record<string, any> | undefined);
        if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
        interaction.modal = body.data as Record<string, any>;
        break;
      }
      default:
        return refuse(400, 50035, `the fake does not handle callback type ${String(body.type)}`, 'Invalid Form Body');
    }
    interaction.acknowledgement = { method: 'POST', path: '', query, authorization: null, body, status: 200, refusal: null, at: performance.now() };
    if (interaction.original === null) return { status: 204 };
    if (query.get('with_response') === 'true') {
      return ok({
        interaction: { id, type: interaction.type, activity_instance_id: null, response_message_id: interaction.original.id, response_message_loading: false, response_message_ephemeral: false },
        resource: { type: body.type, message: this.apiMessage(interaction.original) },
      });
    }
    return { status: 204 };
  }

  private webhook(method: string, applicationId: string, token: string, what: string | undefined, messageId: string | undefined, body: MessageBody): Outcome {
    const interaction = [...this.interactions.values()].find((candidate) => candidate.token === token);
    if (applicationId !== this.applicationId || interaction === undefined) return refuse(404, 10015, 'unknown webhook', 'Unknown Webhook');
    if (interaction.acknowledgement === null) return refuse(404, 10008, 'the interaction has not been acknowledged yet', 'Unknown Message');
    if (method === 'POST' && what === undefined) {
      const problems = messageProblems(body, { creating: true });
      if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
      const message = this.botMessage(interaction.channelId, interaction.guildId, body, { type: 20, interaction_id: interaction.id });
      interaction.followUps.push(message);
      if ((message.flags & EPHEMERAL) === 0) this.dispatchMessage(this.apiMessage(message), { mentionsBot: false });
      return ok(this.apiMessage(message));
    }
    if (what !== 'messages' || messageId === undefined) return refuse(404, 0, `the fake has no webhook route ${method} ${what}`, '404: Not Found');
    const target = messageId === '@original' ? interaction.original : interaction.followUps.find((message) => message.id === messageId);
    if (target === null || target === undefined) return refuse(404, 10008, `no message ${messageId} for this interaction`, 'Unknown Message');
    if (method === 'GET') return ok(this.apiMessage(target));
    if (method === 'PATCH') {
      const problems = messageProblems({ ...body, content: body.content ?? target.content, embeds: body.embeds ?? target.embeds }, { creating: true });
      if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
      applyEdit(target, body);
      if (messageId === '@original') interaction.edits.push({ method, path: '', query: new URLSearchParams(), authorization: null, body, status: 200, refusal: null, at: performance.now() });
      return ok(this.apiMessage(target));
    }
    return refuse(404, 0, `the fake has no webhook route ${method} messages`, '404: Not Found');
  }

  private channelMessage(channelId: string, body: MessageBody): Outcome {
    const guildChannel = channelId === this.guild.channelId;
    if (!guildChannel && ![...this.dmChannels.values()].includes(channelId)) return refuse(404, 10003, `unknown channel ${channelId}`, 'Unknown Channel');
    const problems = messageProblems(body, { creating: true });
    const reference = body.message_reference;
    if (reference?.message_id !== undefined && !this.messages.has(reference.message_id) && reference.fail_if_not_exists !== false) {
      problems.push('message_reference: Unknown message');
    }
    if (problems.length > 0) return refuse(400, 50035, problems.join('; '), 'Invalid Form Body');
    const message = this.botMessage(channelId, guildChannel ? this.guild.id : undefined, body, {
      type: reference?.message_id === undefined ? 0 : 19,
      ...(reference?.message_id === undefined
        ? {}
        : { message_reference: { message_id: reference.message_id, channel_id: channelId, ...(guildChannel ? { guild_id: this.guild.id } : {}) } }),
    });
    // Discord echoes the bot's own messages back to it.
    this.dispatchMessage(this.apiMessage(message), { mentionsBot: false });
    return ok(this.apiMessage(message));
  }

  private changed(): void {
    this.events.emit('change');
  }

  private async waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const onChange = (): void => void attempt();
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake discord: no ${what} within ${timeoutMs} ms. Refused so far: ${JSON.stringify(this.problems())}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', onChange);
      };
      this.events.on('change', onChange);
      attempt();
    });
  }
}

interface Outcome {
  readonly status: number;
  readonly body?: unknown;
  readonly refusal?: string;
}

interface Callback {
  readonly type: number;
  readonly data?: MessageBody;
}

/** What Discord refuses in autocomplete choices: at most 25, names 1-100 characters, values at most 100. */
function choiceProblems(choices: unknown): string[] {
  if (!Array.isArray(choices)) return ['choices: not an array'];
  const problems = choices.length > 25 ? [`choices: ${choices.length} (at most 25)`] : [];
  for (const [i, choice] of (choices as { name?: unknown; value?: unknown }[]).entries()) {
    if (typeof choice.name !== 'string' || choice.name.length < 1 || choice.name.length > 100) problems.push(`choices[${i}].name: 1 to 100 characters`);
    if (typeof choice.value === 'string' ? choice.value.length > 100 : typeof choice.value !== 'number') problems.push(`choices[${i}].value: a string of at most 100 characters or a number`);
  }
  return problems;
}

/** What Discord refuses in a modal: title up to 45, 1-5 components, each a label (up to 45) around a text input. */
function modalProblems(modal: Record<string, any> | undefined): string[] {
  if (modal === undefined) return ['modal: no data'];
  const problems: string[] = [];
  if (typeof modal.custom_id !== 'string' || modal.custom_id.length < 1 || modal.custom_id.length > 100) problems.push('custom_id: 1 to 100 characters');
  if (typeof modal.title !== 'string' || modal.title.length < 1 || modal.title.length > 45) problems.push('title: 1 to 45 characters');
  const components = modal.components as Record<string, any>[] | undefined;
  if (!Array.isArray(components) || components.length < 1 || components.length > 5) return [...problems, 'components: 1 to 5'];
  for (const [i, label] of components.entries()) {
    if (label.type !== 18) problems.push(`components[${i}]: not a label (type 18)`);
    if (typeof label.label !== 'string' || label.label.length < 1 || label.label.length > 45) problems.push(`components[${i}].label: 1 to 45 characters`);
    const input = label.component as Record<string, any> | undefined;
    if (input?.type !== 4 || typeof input.custom_id !== 'string') problems.push(`components[${i}].component: a text input with a custom_id`);
    if (input?.placeholder !== undefined && String(input.placeholder).length > 100) problems.push(`components[${i}].component.placeholder: at most 100 characters`);
    if (input?.max_length !== undefined && (input.max_length < 1 || input.max_length > 4000)) problems.push(`components[${i}].component.max_length: 1 to 4000`);
  }
  return problems;
}

function ok(body: unknown): Outcome {
  return { status: 200, body };
}

function refuse(status: number, code: number, refusal: string, message = refusal): Outcome {
  return { status, refusal, body: { message, code } };
}

function applyEdit(message: FakeMessage, body: MessageBody): void {
  if (body.content !== undefined) message.content = body.content ?? '';
  if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
  if (body.components !== undefined) message.components = body.components ?? [];
  message.flags &= ~LOADING;
  message.edited_timestamp = new Date().toISOString();
  message.lastBody = body;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A token shaped like a real one (three dot-separated base64url parts), unique per fake. */
export function fakeToken(): string {
  const part = (bytes: number) => Buffer.from(Array.from({ length: bytes }, () => Math.floor(Math.random() * 256))).toString('base64url');
  return `${part(18)}.${part(4)}.${part(27)}`;
}
