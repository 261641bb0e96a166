/**
 * What Discord refuses in a message body (create or edit), as the fake enforces it.
 * https://discord.com/developers/docs/resources/message#create-message and
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  /** Sum over all embeds of a message: titles, descriptions, field names and values, footers, author names. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
} as const;

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

interface ComponentLike {
  type?: number;
  components?: ComponentLike[];
  custom_id?: string;
  label?: string;
  emoji?: unknown;
  style?: number;
  url?: string;
}

/** A message body as JSON, loosely typed: the fake checks what arrives, not what should. */
export interface MessageBody {
  content?: string | null;
  embeds?: EmbedLike[] | null;
  components?: ComponentLike[] | null;
  flags?: number;
  allowed_mentions?: unknown;
  message_reference?: { message_id?: string; fail_if_not_exists?: boolean };
}

/**
 * The reasons Discord would answer 400 to this body; empty when it is acceptable.
 * `creating` demands something to show (an edit may leave parts unchanged).
 */
export function messageProblems(body: MessageBody, { creating }: { creating: boolean }): string[] {
  const problems: string[] = [];
  const content = body.content ?? '';
  const embeds = body.embeds ?? [];
  if (content.length > DISCORD_LIMITS.content) {
    problems.push(`content: must be ${DISCORD_LIMITS.content} or fewer in length (got ${content.length})`);
  }
  if (creating && content.trim() === '' && embeds.length === 0) problems.push('Cannot send an empty message (50006)');
  if (embeds.length > DISCORD_LIMITS.embeds) problems.push(`embeds: must be ${DISCORD_LIMITS.embeds} or fewer`);
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const check = (what: string, text: string | undefined, limit: number): void => {
      const length = text?.length ?? 0;
      total += length;
      if (length > limit) problems.push(`embeds.${index}.${what}: must be ${limit} or fewer in length (got ${length})`);
    };
    check('title', embed.title, DISCORD_LIMITS.embedTitle);
    check('description', embed.description, DISCORD_LIMITS.embedDescription);
    check('footer.text', embed.footer?.text, DISCORD_LIMITS.embedFooter);
    check('author.name', embed.author?.name, DISCORD_LIMITS.embedAuthor);
    const fields = embed.fields ?? [];
    if (fields.length > DISCORD_LIMITS.embedFields) problems.push(`embeds.${index}.fields: must be ${DISCORD_LIMITS.embedFields} or fewer`);
    for (const [at, field] of fields.entries()) {
      check(`fields.${at}.name`, field.name, DISCORD_LIMITS.embedFieldName);
      check(`fields.${at}.value`, field.value, DISCORD_LIMITS.embedFieldValue);
      if (!field.name || !field.value) problems.push(`embeds.${index}.fields.${at}: name and value are required`);
    }
  }
  if (total > DISCORD_LIMITS.embedTotal) problems.push(`embeds: ${total} characters in total, more than ${DISCORD_LIMITS.embedTotal}`);

  const rows = body.components ?? [];
  if (rows.length > DISCORD_LIMITS.actionRows) problems.push(`components: must be ${DISCORD_LIMITS.actionRows} or fewer`);
  const customIds = new Set<string>();
  for (const [index, row] of rows.entries()) {
    if (row.type !== 1) problems.push(`components.${index}: top-level components must be action rows (type 1)`);
    const buttons = row.components ?? [];
    if (buttons.length === 0 || buttons.length > DISCORD_LIMITS.buttonsPerRow) {
      problems.push(`components.${index}.components: must hold 1 to ${DISCORD_LIMITS.buttonsPerRow} buttons`);
    }
    for (const [at, button] of buttons.entries()) {
      const where = `components.${index}.components.${at}`;
      if (button.type !== 2) continue;
      if (button.label === undefined && button.emoji === undefined) problems.push(`${where}: a button needs a label or an emoji`);
      if ((button.label?.length ?? 0) > DISCORD_LIMITS.buttonLabel) problems.push(`${where}.label: too long`);
      if (button.style === 5) {
        if (!button.url) problems.push(`${where}: a link button needs a url`);
        continue;
      }
      if (!button.custom_id) problems.push(`${where}.custom_id: required`);
      else if (button.custom_id.length > DISCORD_LIMITS.customId) problems.push(`${where}.custom_id: must be ${DISCORD_LIMITS.customId} or fewer in length`);
      else if (customIds.has(button.custom_id)) problems.push(`${where}.custom_id: duplicated in this message`);
      else customIds.add(button.custom_id);
    }
  }
  return problems;
}
