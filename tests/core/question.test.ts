import { describe, expect, it } from 'vitest';
import { cleanQuestion, MAX_QUESTION_CHARS, parseQuestion } from '../../src/core/question.ts';

const reasonOf = (raw: string) => {
  const parsed = parseQuestion(raw);
  return parsed.ok ? 'ok' : parsed.reason;
};

describe('parseQuestion: bad input gets a reason, never a throw', () => {
  it.each([
    ['', 'empty'],
    ['   \t \n ', 'empty'],
    ['\u0000\u0007\u001b', 'empty'],
    ['x'.repeat(MAX_QUESTION_CHARS + 1), 'too-long'],
    ['😀🙏🔥', 'no-words'],
    ['?!... ---', 'no-words'],
    ['¿Qué dijo Ayalon sobre el acuerdo con Irán?', 'not-english'],
    ['Was sagt der Artikel über die Beziehung zwischen den USA und Israel?', 'not-english'],
    ['以色列对这份谅解备忘录有什么反应？', 'not-english'],
    ['Что сказал Аялон о соглашении?', 'not-english'],
  ])('%j -> %s', (raw, reason) => {
    expect(reasonOf(raw)).toBe(reason);
  });

  it('gives a message a person can act on', () => {
    const parsed = parseQuestion('');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/ask a question/i);
  });

  it('removes control characters and folds white space, keeping the question', () => {
    const parsed = parseQuestion('  What did\u0000 Ayalon\n\n call   the MoU?\u200b ');
    expect(parsed.ok && parsed.question.text).toBe('What did Ayalon call the MoU?');
  });

  it('accepts a question of exactly the maximum length', () => {
    const question = `What did Ayalon say? ${'a'.repeat(MAX_QUESTION_CHARS - 21)}`;
    expect(question).toHaveLength(MAX_QUESTION_CHARS);
    expect(reasonOf(question)).toBe('ok');
  });
});

describe('parseQuestion: what the question asks for', () => {
  const read = (raw: string) => {
    const parsed = parseQuestion(raw);
    if (!parsed.ok) throw new Error(`rejected: ${raw}`);
    return parsed.question;
  };

  it('keeps content words, stemmed, without function words or words about the article', () => {
    expect(read('What does the article say about the sanctions?').terms).toEqual(['sanction']);
    expect(read('Which outlets reported the remarks?').terms).toEqual(['outlet', 'report', 'remark']);
  });

  it('reads the kind of answer from the wording', () => {
    expect(read('How many centrifuges may Iran keep?').expects).toBe('quantity');
    expect(read('What percentage of uranium is allowed?').expects).toBe('quantity');
    expect(read("what's the daily fare cap?").expects).toBe('quantity');
    expect(read('What is the interest rate on the loan?').expects).toBe('quantity');
    expect(read('What is the catch for the buyers?').expects).toBeNull();
    expect(read('How long does the MoU last?').expects).toBe('duration');
    expect(read('When was the MoU signed?').expects).toBe('time');
    expect(read('In which year was the JCPOA signed?').expects).toBe('time');
    expect(read('until when?').expects).toBe('time');
    expect(read('so who was against it?').terms).toEqual(['against']);
    expect(read('and by when does it have to be done?').expects).toBe('time');
    expect(read('how fast did they reject it?').expects).toBe('duration');
    expect(read('How fast is the new train?').expects).toBeNull();
    expect(read('Who is Kenneth Roth?').expects).toBe('person');
    expect(read('Which U.S. official signed the memorandum?').expects).toBe('person');
    expect(read('Where was the MoU negotiated?').expects).toBe('place');
    expect(read('Which journal’s analysts propose a symmetric approach?').expects).toBeNull();
    expect(read('Why is Israel alarmed?').expects).toBeNull();
  });

  it('reads who is quoted in "what did X say", but not for the article itself', () => {
    expect(read('What did Danny Ayalon argue about the deal?')).toMatchObject({ expects: 'statement', speaker: ['danny', 'ayalon'] });
    expect(read('What does the article say about sanctions?')).toMatchObject({ expects: null, speaker: [] });
  });

  it('counts numbers among the names a question mentions', () => {
    expect(read('Did the JCPOA collapse in 2018?').names).toEqual(['jcpoa', '2018']);
  });

  it('finds capitalized names after the first word, and the answer-type noun', () => {
    const question = read('Which newspaper reported what Danny Ayalon said in Tel Aviv?');
    expect(question.names).toEqual(['danny', 'ayalon', 'tel', 'aviv']);
    expect(question.answerType).toBe('newspap');
  });

  it('treats the plural of an acronym as the acronym', () => {
    expect(read('What do MoUs usually involve?').terms).toContain('mou');
  });
});

describe('cleanQuestion: what is not part of the question', () => {
  it.each([
    ['<@123456789012345678> asked: who runs the union?', 'asked: who runs the union?'],
    ['who runs the union? @everyone @here', 'who runs the union?'],
    ['<@&123> <#456> who runs it <:pepe:789012> <a:dance:345>', 'who runs it'],
    ['\u001b[31mwho runs the union?\u001b[0m', 'who runs the union?'],
    ['who\u0000 runs\tthe   union?', 'who runs the union?'],
  ])('%j -> %j', (raw, clean) => {
    expect(cleanQuestion(raw)).toBe(clean);
  });

  it('keeps the question as asked, mentions included, to show back', () => {
    const parsed = parseQuestion('@everyone who runs the union?');
    expect(parsed.ok && parsed.question.asked).toBe('@everyone who runs the union?');
    expect(parsed.ok && parsed.question.text).toBe('who runs the union?');
  });

  it('a question of mentions only is empty', () => {
    expect(reasonOf('<@123> @everyone')).toBe('empty');
  });

  it('leaves chat filler out of the terms and the text to embed', () => {
    const parsed = parseQuestion('wait so is it safe lol');
    expect(parsed.ok && parsed.question.terms).toEqual(['safe']);
    expect(parsed.ok && parsed.question.searchText).toBe('so is it safe');
  });
});
