import type { Actor, FakeDiscord, FakeInteraction } from './fake-discord.ts';

/**
 * A member types `typed` into the `option` of a slash command: Discord sends an
 * autocomplete interaction (type 4) with that option focused. The bot answers with
 * callback type 8; its choices land in `interaction.choices`.
 */
export function typeInto(fake: FakeDiscord, command: string, option: string, typed: string, actor: Actor): FakeInteraction {
  const registered = [...(fake.commands.get(fake.guild.id) ?? []), ...(fake.commands.get(null) ?? [])].find((candidate) => candidate.name === command);
  if (registered === undefined) throw new Error(`fake discord: /${command} is not registered`);
  const definition = ((registered.options ?? []) as { name: string; type: number; autocomplete?: boolean }[]).find((candidate) => candidate.name === option);
  if (definition?.autocomplete !== true) throw new Error(`fake discord: /${command} ${option} has no autocomplete`);
  const data = {
    id: String(registered.id),
    name: command,
    type: 1,
    options: [{ name: option, type: definition.type, value: typed, focused: true }],
    ...(registered.guild_id === undefined ? {} : { guild_id: registered.guild_id }),
  };
  return fake.interact(4, data, actor, undefined);
}

/**
 * The member fills in and submits the modal the bot opened in response to `opened`:
 * a modal submit interaction (type 5) with a value for each text input, carrying the
 * message whose button opened it. Throws when no modal was opened or a field is unknown.
 */
export function submitModal(fake: FakeDiscord, opened: FakeInteraction, values: Readonly<Record<string, string>>, actor: Actor): FakeInteraction {
  const modal = opened.modal;
  if (modal === null) throw new Error('fake discord: the bot opened no modal');
  const inputs = (modal.components as { component: { custom_id: string; max_length?: number; required?: boolean } }[]).map((label) => label.component);
  for (const key of Object.keys(values)) if (!inputs.some((input) => input.custom_id === key)) throw new Error(`fake discord: the modal has no field ${key}`);
  for (const input of inputs) {
    const value = values[input.custom_id] ?? '';
    if (input.required !== false && value === '') throw new Error(`fake discord: ${input.custom_id} is required`);
    if (input.max_length !== undefined && value.length > input.max_length) throw new Error(`fake discord: ${input.custom_id} is longer than ${input.max_length}`);
  }
  const data = {
    custom_id: modal.custom_id as string,
    components: inputs.map((input, i) => ({ type: 18, id: i + 1, component: { type: 4, id: i + 100, custom_id: input.custom_id, value: values[input.custom_id] ?? '' } })),
  };
  const message = opened.messageId === undefined ? undefined : fake.messages.get(opened.messageId);
  return fake.interact(5, data, { ...actor, dm: opened.guildId === undefined }, message === undefined ? undefined : fake.payloadOf(message));
}
