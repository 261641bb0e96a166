/**
 * Shapes of the Discord objects the fake sends, as loose JSON: just the fields
 * discord.js 14 reads, with the types Discord uses (ids and permissions as strings).
 */

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh snowflake whose timestamp is now, as Discord's are. */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return ((BigInt(Date.now()) - DISCORD_EPOCH) << 22n | (1n << 17n) | increment).toString();
}

/** Permission bits the fake uses (https://discord.com/developers/docs/topics/permissions). */
export const Permission = {
  Administrator: 1n << 3n,
  ManageGuild: 1n << 5n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What an ordinary member may do in the fake's channel. */
export const MEMBER_PERMISSIONS =
  Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory | Permission.UseApplicationCommands | Permission.EmbedLinks;

/** An ordinary member plus Manage Server. */
export const MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | Permission.ManageGuild;

/** Gateway intents the fake looks at. */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Intents an application must switch on in the Developer Portal; the fake's application has none. */
export const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

/** A Discord user as the API shows it. */
export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly discriminator: '0';
  readonly global_name: string;
  readonly avatar: null;
  readonly bot?: boolean;
}

export function userPayload(username: string, options: { bot?: boolean; id?: string } = {}): FakeUser {
  return {
    id: options.id ?? snowflake(),
    username,
    discriminator: '0',
    global_name: username,
    avatar: null,
    ...(options.bot === true ? { bot: true } : {}),
  };
}

export function memberPayload(user: FakeUser, options: { roles?: readonly string[]; permissions?: bigint } = {}) {
  return {
    user,
    roles: [...(options.roles ?? [])],
    nick: null,
    avatar: null,
    premium_since: null,
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    ...(options.permissions === undefined ? {} : { permissions: options.permissions.toString() }),
  };
}

export interface GuildShape {
  readonly id: string;
  readonly name: string;
  readonly channelId: string;
  readonly ownerId: string;
  /** A role with no permissions of its own, for tests of role-based moderators. */
  readonly moderatorRoleId: string;
}

export function channelPayload(guild: GuildShape) {
  return {
    id: guild.channelId,
    type: 0,
    guild_id: guild.id,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
  };
}

export function guildCreatePayload(guild: GuildShape, bot: FakeUser) {
  const role = (id: string, name: string, permissions: bigint, position: number) => ({
    id,
    name,
    permissions: permissions.toString(),
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
  });
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [role(guild.id, '@everyone', MEMBER_PERMISSIONS, 0), role(guild.moderatorRoleId, 'Article moderators', 0n, 1)],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [memberPayload(bot)],
    channels: [channelPayload(guild)],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
