import { afterEach, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/fake-discord.ts';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function register(discord: FakeDiscord, body: unknown[]): Promise<Response> {
  return fetch(`${discord.apiUrl}/v10/applications/${discord.applicationId}/guilds/${discord.guild.id}/commands`, {
    method: 'PUT',
    headers: { Authorization: `Bot ${discord.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

test('the fake registers message commands by their own rules: mixed case and spaces, no description, no options', async () => {
  fake = await startFakeDiscord();
  const ok = await register(fake, [{ name: 'Check this Message', type: 3 }, { name: 'ask', description: 'Ask.', type: 1 }]);
  expect(ok.status).toBe(200);
  expect(fake.commands.get(fake.guild.id)?.map((command) => [command.name, command.type, command.description])).toEqual([
    ['Check this Message', 3, ''],
    ['ask', 1, 'Ask.'],
  ]);
  for (const bad of [
    { name: 'Has a description', type: 3, description: 'No.' },
    { name: 'Has options', type: 3, options: [{ name: 'x', description: 'x', type: 3 }] },
    { name: 'A name far longer than thirty-two characters', type: 3 },
  ]) {
    const refused = await register(fake, [bad]);
    expect(refused.status).toBe(400);
  }
  expect(fake.problems()).toHaveLength(3);
});

test('a message command on a message that is not registered, or hidden from the member, cannot be used', async () => {
  fake = await startFakeDiscord();
  await register(fake, [{ name: 'Moderators only', type: 3, default_member_permissions: '32' }]);
  const member = { user: fake.user('member') };
  const message = fake.say('Some text', member);
  expect(() => fake!.messageCommand('Not registered', message, member)).toThrow(/not registered/);
  expect(() => fake!.messageCommand('Moderators only', message, member)).toThrow(/hidden/);
});
