import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { questionById, type AnswerValue, type Answers, type QuestionContext } from '../../src/topology/questions.js';
import { askQuestions } from '../../src/ui/plain/ask-questions.js';
import { inquirerPrompter } from '../../src/ui/plain/prompter.js';
import { QuestionScreen } from '../../src/ui/screens/QuestionScreen.js';
import { KEY, renderUi, settle } from './render.js';

const ctx: QuestionContext = { env: {}, regions: [] };

/** The proxy question, typed into key by key; every frame it drew and the answers it gave. */
async function typeProxy(value: string) {
  const given: AnswerValue[] = [];
  const ui = renderUi(<QuestionScreen question={questionById('proxy')} answers={{ products: ['runai'] }} ctx={ctx} isActive onAnswer={(v) => given.push(v)} onBack={() => undefined} />);
  await ui.press(KEY.ctrlU, ...value, KEY.enter);
  await settle();
  return { given, frames: ui.frames.join('\n'), last: ui.frame() };
}

/** The plain wizard's proxy question through its real prompt (inquirer) on a stream, typed into key by key. */
async function typePlain(value: string): Promise<{ answers: Answers; shown: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
  let done: Answers | undefined;
  const asking = askQuestions(inquirerPrompter({ input, output }), { products: ['runai'], roles: ['k8s-node'] }, ctx, 'proxy').then((answers) => (done = answers));
  for (const key of [...value, '\r']) {
    input.write(key);
    await settle();
  }
  // Enter for what the answer made relevant (the NO_PROXY question), a bounded number of times.
  for (let i = 0; i < 10 && done === undefined; i += 1) {
    input.write('\r');
    await settle();
  }
  return { answers: await asking, shown };
}

describe('the wizard masks a proxy password while it is typed and in its messages', () => {
  it('field-ready 9: a scheme-less proxy is accepted; its password never shows, typing or refused', async () => {
    const typed = await typeProxy('jdoe:S3cretPass@proxy.corp:3128');
    expect(typed.given).toEqual(['jdoe:S3cretPass@proxy.corp:3128']);
    expect(typed.frames).toContain('jdoe:***@proxy.corp:3128');
    expect(typed.frames).not.toMatch(/S3|cret|Pass/);

    const refused = await typeProxy('jdoe:S3cretPass@proxy.corp:31x8');
    expect(refused.given).toEqual([]);
    expect(refused.last).toContain("'jdoe:***@proxy.corp:31x8' is not a valid URL");
    expect(refused.frames).not.toMatch(/S3|cret|Pass/);

    const plain = await typePlain('jdoe:S3cretPass@proxy.corp:3128');
    expect(plain.answers.proxy).toBe('jdoe:S3cretPass@proxy.corp:3128');
    expect(plain.shown).toContain('jdoe:***@proxy.corp:3128');
    expect(plain.shown).not.toMatch(/S3|cret|Pass/);
  });

  it('field-ready 10: a password with an unencoded @ is masked up to the last @, in the field and in the refusal', async () => {
    const refused = await typeProxy('http://jdoe:p@ss@w0rdXY@proxy.corp:31x8');
    expect(refused.given).toEqual([]);
    expect(refused.last).toContain("'http://jdoe:***@proxy.corp:31x8' is not a valid URL");
    expect(refused.last).toContain('> http://jdoe:***@proxy.corp:31x8');
    // While it is typed, the text after an `@` reads as the host until the next `@` comes: only the finished value is asserted.
    expect(refused.last).not.toMatch(/w0rd|ss@|p@/);
  });
});
