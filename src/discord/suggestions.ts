import { articleSuggestions, candidate, matchSuggestions, type SuggestionCandidate } from '../core/suggest.ts';
import type { IndexInfo } from '../engine-types.ts';
import type { FeedbackStore } from './feedback-store.ts';
import type { QuestionStore } from './question-store.ts';

/** Most suggestions offered at once (Discord allows 25; ten stay readable). */
export const MAX_SUGGESTIONS = 10;
/** Longest autocomplete choice name and value Discord accepts. */
export const CHOICE_LIMIT = 100;

/** Questions to offer as a member types `/ask`. */
export interface Suggestions {
  /** Up to `MAX_SUGGESTIONS` questions, each at most `CHOICE_LIMIT` characters, for what was typed so far in `guildId`. */
  forTyped(typed: string, guildId: string | null): string[];
}

/**
 * Suggestions from the indexed documents (worked out once per index version) and,
 * with `suggestAsked`, from questions asked in the same server that were answered
 * and got more 👍 than 👎 (worked out again only when the stores have grown).
 */
export function createSuggestions(parts: {
  readonly info: () => IndexInfo;
  readonly questions: QuestionStore;
  readonly feedback: FeedbackStore;
  readonly suggestAsked: boolean;
}): Suggestions {
  let article: { version: string; candidates: SuggestionCandidate[] } | null = null;
  const asked = new Map<string, { key: string; candidates: SuggestionCandidate[] }>();
  const articleCandidates = (): SuggestionCandidate[] => {
    const info = parts.info();
    if (article?.version !== info.version) article = { version: info.version, candidates: articleSuggestions(info.documents, CHOICE_LIMIT) };
    return article.candidates;
  };
  const askedCandidates = (guildId: string | null): SuggestionCandidate[] => {
    if (!parts.suggestAsked || guildId === null) return [];
    const records = parts.questions.all();
    const votes = parts.feedback.all();
    // Votes change in place (a 👍 turned 👎), so the newest vote time is part of the key.
    let newestVote = '';
    for (const vote of votes) if (vote.at > newestVote) newestVote = vote.at;
    const key = `${records.length}:${records.at(-1)?.at ?? ''}:${votes.length}:${newestVote}`;
    const cached = asked.get(guildId);
    if (cached?.key === key) return cached.candidates;
    const score = new Map<string, number>();
    for (const vote of votes) if (vote.guildId === guildId) score.set(vote.answerId, (score.get(vote.answerId) ?? 0) + (vote.vote === 'up' ? 1 : -1));
    const texts = new Set<string>();
    for (const record of records) {
      if (record.guildId !== guildId || record.outcome !== 'answered' || record.question === null || record.answerId === null) continue;
      if ((score.get(record.answerId) ?? 0) > 0 && record.question.length <= CHOICE_LIMIT) texts.add(record.question);
    }
    const candidates = [...texts].map((text) => candidate(text, 'asked'));
    asked.set(guildId, { key, candidates });
    return candidates;
  };
  return {
    forTyped(typed, guildId) {
      const seen = new Set<string>();
      return matchSuggestions(typed, [...askedCandidates(guildId), ...articleCandidates()], MAX_SUGGESTIONS * 2)
        .map((option) => option.text)
        .filter((text) => !seen.has(text.toLowerCase()) && seen.add(text.toLowerCase()))
        .slice(0, MAX_SUGGESTIONS);
    },
  };
}
