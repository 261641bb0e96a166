import { PermissionFlagsBits, type CommandInteraction } from 'discord.js';

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
