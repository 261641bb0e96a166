/**
 * What a button under an answer does: vote, show more, share a check in the channel,
 * ask an outdated answer's question again on the current index,
 * or ask a follow-up.
 */
export type ButtonAction = 'up' | 'down' | 'more' | 'share' | 'again' | 'follow';

/** A parsed button custom id. */
export interface ButtonTarget {
  readonly action: ButtonAction;
  readonly answerId: string;
}

const PREFIX = 'answer';

/** The custom id of a button under an answer, e.g. `answer:more:k3j9x2a0`. Well under Discord's 100 characters. */
export function buttonId(action: ButtonAction, answerId: string): string {
  return `${PREFIX}:${action}:${answerId}`;
}

/** The action and answer a button custom id names, or `null` for an id this bot did not make. */
export function parseButtonId(customId: string): ButtonTarget | null {
  const match = /^answer:(up|down|more|share|again|follow):([\w-]{1,64})$/.exec(customId);
  if (match === null) return null;
  return { action: match[1] as ButtonAction, answerId: match[2] as string };
}
