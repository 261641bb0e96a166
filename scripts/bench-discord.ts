/**
 * Times `/ask` end to end through the real discord.js client against the fake Discord:
 * from INTERACTION_CREATE leaving the fake to the edited reply arriving back, over 20
 * questions asked one after another. Prints the median (and the spread).
 *
 *   npx tsx scripts/bench-discord.ts
 */
import { startHarness } from '../tests/discord/harness.ts';

const QUESTIONS = [
  'What did Ayalon call the MoU?',
  'Who is Danny Ayalon?',
  'Why does the MoU alarm Jerusalem?',
  'What could Iran do with sanctions relief?',
  'What does the Begin-Sadat Center say?',
  'What happened with the JCPOA in 2015?',
  'Who is Kenneth Roth writing for?',
  'What does the Christian Science Monitor report?',
  'What do analysts in Foreign Affairs suggest?',
  'What is the quid pro quo logic?',
  'What is the Axis of Resistance?',
  'What security dilemma does Israel face?',
  'What has the CIA tracked?',
  'Is a freeze the same as dismantling?',
  'What was the Maximum Pressure campaign?',
  'What is managed competition?',
  'What does the IAEA report?',
  'How do the U.S. and Israel strategies differ?',
  'What miscalculation could happen?',
  'Can the U.S. stabilize Iran without alienating Israel?',
];

const harness = await startHarness();
try {
  const total: number[] = [];
  const firstResponse: number[] = [];
  const kinds = new Map<string, number>();
  for (const question of QUESTIONS) {
    const interaction = harness.fake.slash('ask', { question }, harness.member());
    const reply = await harness.fake.waitForReply(interaction, 30_000);
    total.push(interaction.edits[0]!.at - interaction.dispatchedAt);
    firstResponse.push(interaction.acknowledgement!.at - interaction.dispatchedAt);
    const kind = reply.embeds.length > 0 ? 'answered' : 'declined';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const problems = harness.fake.problems();
  if (problems.length > 0) throw new Error(`the fake refused requests: ${problems.join('; ')}`);
  console.log(`engine: ${harness.engine.info().modelId} (index ${harness.engine.info().version})`);
  console.log(`questions: ${QUESTIONS.length} (${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ')})`);
  console.log(`INTERACTION_CREATE → deferral:     median ${median(firstResponse).toFixed(1)} ms`);
  console.log(`INTERACTION_CREATE → edited reply: median ${median(total).toFixed(1)} ms (min ${Math.min(...total).toFixed(1)}, max ${Math.max(...total).toFixed(1)})`);
} finally {
  await harness.close();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
