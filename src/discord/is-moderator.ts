import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, type CommandInteraction } from 'discord.js';
import { ReplyableError } from './replyable-error.ts';

/**
 * Where a moderator command is offered: in servers only, and by default only to members
 * with Manage Server (a server can open it to roles in its integration settings; the
 * handler checks again with `requireModerator` either way).
 */
export const MODERATOR_COMMAND = {
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};

/**
 * Whether the member behind an interaction may run moderator commands: they have
 * Manage Server (Administrator implies it), or one of `moderatorRoleIds`. Checked at
 * run time because a server can open a command to anyone in its integration settings.
 */
export function isModerator(interaction: CommandInteraction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return roleIds.some((role) => moderatorRoleIds.includes(role));
}

/** Refuses, politely and to them alone, a member who is not a moderator; `what` completes "only moderators can …". */
export function requireModerator(interaction: CommandInteraction, moderatorRoleIds: readonly string[], what: string): void {
  if (!isModerator(interaction, moderatorRoleIds)) {
    throw new ReplyableError(`Sorry, only moderators can ${what}: members with Manage Server or a moderator role.`);
  }
}
