import { describe, expect, it } from 'vitest';
import { questionById, type AnswerValue, type Answers, type QuestionContext } from '../../src/topology/questions.js';
import { QuestionScreen } from '../../src/ui/screens/QuestionScreen.js';
import { KEY, renderUi } from './render.js';

const ctx: QuestionContext = { env: { HTTPS_PROXY: 'http://alice:s3cret@proxy.corp:3128' }, regions: [{ name: 'eastus', code: 'eus', display: 'East US' }] };

function mount(id: Parameters<typeof questionById>[0], answers: Answers = {}) {
  const given: AnswerValue[] = [];
  let backs = 0;
  const ui = renderUi(<QuestionScreen question={questionById(id)} answers={answers} ctx={ctx} isActive onAnswer={(v) => given.push(v)} onBack={() => (backs += 1)} />);
  return { ui, given, backs: () => backs };
}

describe('QuestionScreen', () => {
  it('asks for platforms with the default ticked; Space toggles, Enter accepts', async () => {
    const { ui, given } = mount('products');
    expect(ui.frame()).toContain('Which platform(s) is this site installing?');
    expect(ui.frame()).toContain('> [x] NVIDIA Run:ai');
    expect(ui.frame()).toContain('[ ] Azure Machine Learning on Azure Arc');
    await ui.press(KEY.down, KEY.space, KEY.enter);
    expect(given).toEqual([['runai', 'azureml-arc']]);
  });

  it('refuses an empty selection and says why', async () => {
    const { ui, given } = mount('products');
    await ui.press(KEY.space, KEY.enter);
    await ui.waitForText('Pick at least one platform.');
    expect(given).toEqual([]);
  });

  it('shows the proxy from the environment with its password masked, and keeps the real value', async () => {
    const { ui, given } = mount('proxy');
    expect(ui.frame()).toContain('http://alice:***@proxy.corp:3128');
    expect(ui.frame()).not.toContain('s3cret');
    await ui.press(KEY.enter);
    expect(given).toEqual(['http://alice:s3cret@proxy.corp:3128']);
  });

  it('edits text: Ctrl-U clears, typing (even a whole pasted line) appends, a bad value is refused with a message', async () => {
    const { ui, given } = mount('controlPlane', { products: ['runai'] });
    await ui.type('https://acme.run.ai');
    await ui.press(KEY.enter);
    await ui.waitForText('give the host name only');
    expect(given).toEqual([]);
    await ui.press(KEY.ctrlU);
    await ui.type('acme.run.aix');
    await ui.press(KEY.backspace, KEY.enter);
    expect(given).toEqual(['acme.run.ai']);
  });

  it('answers yes/no with a key, and Esc goes back', async () => {
    const { ui, given, backs } = mount('bcm', { products: ['runai'] });
    expect(ui.frame()).toContain('Base Command Manager');
    await ui.press('y');
    expect(given).toEqual([true]);
    await ui.press(KEY.escape);
    expect(backs()).toBe(1);
  });

  it('fills the region list from the table and numbers the question without a total', async () => {
    const { ui, given } = mount('region', { products: ['azureml-arc'] });
    expect(ui.frame()).toMatch(/Question \d+\n/);
    expect(ui.frame()).not.toMatch(/Question \d+ of/);
    expect(ui.frame()).toContain('eastus  East US, code eus');
    expect(ui.frame()).toContain('other');
    await ui.press(KEY.down, KEY.enter);
    expect(given).toEqual(['other']);
  });
});
