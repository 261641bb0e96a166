/**
 * Times suggestions for `/ask` as a member types:
 * - the suggestion lookup alone, for every prefix of a few questions, over the
 *   article's suggestions plus 5,000 stored questions of the server (the worst case
 *   of SUGGEST_ASKED_QUESTIONS);
 * - the round trip through the real discord.js client against the fake Discord, from
 *   the autocomplete interaction leaving the fake to the type 8 response arriving.
 * Prints the median and p95 (target p95 < 50 ms).
 *
 *   npx tsx scripts/bench-autocomplete.ts
 */
import { performance } from 'node:perf_hooks';
import type { FeedbackRecord, FeedbackStore } from '../src/discord/feedback-store.ts';
import type { QuestionRecord, QuestionStore } from '../src/discord/question-store.ts';
import { createSuggestions } from '../src/discord/suggestions.ts';
import { typeInto } from '../tests/fake-discord/typing-and-forms.ts';
import { startHarness } from '../tests/discord/harness.ts';

const TYPED = ['What does the article say about', 'who said', 'when will', 'how much', 'why did the'].flatMap((text) => [...text].map((_, i) => text.slice(0, i + 1)));
const STORED = 5000;

const harness = await startHarness();
try {
  const info = harness.engine.info();
  const guildId = harness.fake.guild.id;
  const at = new Date().toISOString();
  const records: QuestionRecord[] = Array.from({ length: STORED }, (_, i) => ({ at, guildId, answerId: `a${i}`, outcome: 'answered', reason: null, question: `Question number ${i} about ${info.documents[0]?.sections[i % Math.max(1, info.documents[0]?.sections.length ?? 1)] ?? 'the article'}?`, quote: null }));
  const votes: FeedbackRecord[] = records.map((record, i) => ({ answerId: record.answerId ?? '', userId: `u${i}`, vote: 'up', at, guildId, messageId: null, question: null, indexVersion: null, citations: [] }));
  const questions: QuestionStore = { file: '', add: () => {}, all: () => records, flush: () => Promise.resolve() };
  const feedback = { file: '', record: () => Promise.resolve('recorded' as const), all: () => votes, flush: () => Promise.resolve() } satisfies FeedbackStore;
  const suggestions = createSuggestions({ info: () => info, questions, feedback, suggestAsked: true });
  suggestions.forTyped('', guildId); // builds the candidates once, as the first keystroke after a start or a rebuild does
  const lookup: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    for (const typed of TYPED) {
      const started = performance.now();
      suggestions.forTyped(typed, guildId);
      lookup.push(performance.now() - started);
    }
  }
  console.log(`lookup (${STORED} stored questions, ${lookup.length} keystrokes): median ${median(lookup).toFixed(2)} ms, p95 ${percentile(lookup, 0.95).toFixed(2)} ms (target p95 < 50 ms)`);

  const roundTrip: number[] = [];
  for (const typed of TYPED) {
    const interaction = typeInto(harness.fake, 'ask', 'question', typed, harness.member());
    const ack = await harness.fake.waitForAcknowledgement(interaction, 3000);
    roundTrip.push(ack.at - interaction.dispatchedAt);
  }
  console.log(`round trip via fake Discord (${roundTrip.length} keystrokes): median ${median(roundTrip).toFixed(1)} ms, p95 ${percentile(roundTrip, 0.95).toFixed(1)} ms (Discord allows 3000 ms)`);
} finally {
  await harness.close();
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
