/**
 * Message commands (right-click a message → Apps) as the fake registers and dispatches
 * them: https://discord.com/developers/docs/interactions/application-commands#message-commands
 */

/** Why Discord would refuse a user or message command definition; empty when acceptable. */
export function contextMenuProblems(definition: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const name = definition.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 32 || name.trim() !== name) {
    problems.push(`name ${String(name)}: 1-32 characters, no leading or trailing space`);
  }
  if (definition.description !== undefined && definition.description !== '') problems.push(`${String(name)}.description: must be empty for a user or message command`);
  if (Array.isArray(definition.options) && definition.options.length > 0) problems.push(`${String(name)}.options: a user or message command has none`);
  return problems;
}

/** The `data` of a MESSAGE command interaction (type 2, `data.type` 3) on `message`, an API message object. */
export function messageCommandData(command: Record<string, unknown>, message: { id: string }): Record<string, unknown> {
  return {
    id: String(command.id),
    name: command.name,
    type: 3,
    target_id: message.id,
    resolved: { messages: { [message.id]: message } },
    ...(command.guild_id === undefined ? {} : { guild_id: command.guild_id }),
  };
}
