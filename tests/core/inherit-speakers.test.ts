import { describe, expect, it } from 'vitest';
import { inheritSpeakers, type SentenceReading } from '../../src/core/sentence-facts.ts';

/** A hand-made reading: no tagger needed. */
function reading(speakers: string[], people: string[], pronounSpeaks = false): SentenceReading {
  return { facts: { kinds: new Set(), names: new Set(), speakers: new Set(speakers), quoted: false }, pronounSpeaks, people: new Set(people) };
}

/** The sentences of `paragraph` as split by the sentence ends written in the table ("|"). */
function split(table: string): { paragraph: string; starts: number[] } {
  const parts = table.split('|');
  const starts: number[] = [];
  let at = 0;
  for (const part of parts) {
    starts.push(at);
    at += part.length;
  }
  return { paragraph: parts.join(''), starts };
}

describe('inheritSpeakers: quoted speech credited to the speaker of the sentence before', () => {
  it.each([
    {
      rule: 'a pronoun that speaks takes the proper nouns of the sentence before',
      text: 'Ortega was less charitable. |"We pay with savings," he said.',
      readings: [reading([], ['ortega']), reading([], [], true)],
      expected: [[], ['ortega']],
    },
    {
      rule: 'a sentence that is all quotation takes the speakers of the one before',
      text: '"Not about one port," Farrow said. |"It is the first big test."',
      readings: [reading(['farrow'], ['farrow']), reading([], [])],
      expected: [['farrow'], ['farrow']],
    },
    {
      rule: 'a sentence that starts inside a quotation left open takes them too, and passes them on',
      text: '"No choice," said Marcus Lee. |"I have two kids. |I cannot compete with a machine."',
      readings: [reading(['marcus', 'lee'], ['marcus', 'lee']), reading([], []), reading([], [])],
      expected: [['marcus', 'lee'], ['marcus', 'lee'], ['marcus', 'lee']],
    },
    {
      rule: 'curly quotation marks count the same',
      text: '“No choice,” said Lee. |“I have two kids. |I cannot compete.”',
      readings: [reading(['lee'], ['lee']), reading([], []), reading([], [])],
      expected: [['lee'], ['lee'], ['lee']],
    },
    {
      rule: 'a sentence that names its own speaker keeps it',
      text: '"Fine," said Lee. |"No," said Okafor.',
      readings: [reading(['lee'], ['lee']), reading(['okafor'], ['okafor'])],
      expected: [['lee'], ['okafor']],
    },
    {
      rule: 'a scare quote inside a statement is not speech',
      text: 'Kenneth Roth wrote for The Guardian. |The so-called "axis" may feel emboldened.',
      readings: [reading(['roth'], ['kenneth', 'roth']), reading([], [])],
      expected: [['roth'], []],
    },
    {
      rule: 'a sentence that neither quotes nor speaks takes nothing',
      text: 'Ortega was less charitable. |The board adjourned.',
      readings: [reading([], ['ortega']), reading([], [])],
      expected: [[], []],
    },
    {
      rule: 'the first sentence of a paragraph has nobody before it',
      text: '"We pay with savings," he said.',
      readings: [reading([], [], true)],
      expected: [[]],
    },
    {
      rule: 'a pronoun after a sentence with no proper noun stays unattributed',
      text: 'The vote was close. |"We pay with savings," she said.',
      readings: [reading([], []), reading([], [], true)],
      expected: [[], []],
    },
  ])('$rule', ({ text, readings, expected }) => {
    const { paragraph, starts } = split(text);
    const facts = inheritSpeakers(readings, paragraph, starts);
    expect(facts.map((fact) => [...fact.speakers])).toEqual(expected);
  });
});
