import { describe, expect, it } from 'vitest';
import type { QuestionContext } from '../../src/topology/questions.js';
import { Topology } from '../../src/topology/schema.js';
import { initialWizard, wizardReducer, type WizardState } from '../../src/ui/wizard-state.js';

const ctx: QuestionContext = { env: {}, regions: [] };
const reduce = wizardReducer(ctx);

describe('wizard state', () => {
  it('walks the questions in order and ends on the answers list', () => {
    let s = initialWizard({}, ctx);
    expect(s).toMatchObject({ screen: 'question', current: 'products' });
    s = reduce(s, { type: 'answer', id: 'products', value: ['runai'] });
    expect(s.current).toBe('roles');
    s = reduce(s, { type: 'back' });
    expect(s.current).toBe('products');
    for (const [id, value] of [['products', ['runai']], ['roles', ['installer']], ['bcm', false], ['controlPlaneMode', 'saas'], ['controlPlane', ''], ['proxy', ''], ['registryMirror', false], ['prereqs', false]] as const) {
      s = reduce(s, { type: 'answer', id, value });
    }
    expect(s.screen).toBe('answers');
  });

  it('revising an answer asks only what it newly made relevant, then returns to the list', () => {
    let s: WizardState = {
      ...initialWizard({}, ctx),
      screen: 'answers',
      answers: { products: ['runai'], roles: ['installer'], bcm: false, proxy: '' },
      visited: ['products', 'roles', 'bcm', 'controlPlaneMode', 'controlPlane', 'proxy', 'registryMirror', 'prereqs'],
    };
    s = reduce(s, { type: 'revise', id: 'bcm' });
    expect(s).toMatchObject({ screen: 'question', current: 'bcm', revising: true });
    s = reduce(s, { type: 'answer', id: 'bcm', value: true });
    expect(s).toMatchObject({ screen: 'question', current: 'headnodes' });
    s = reduce(s, { type: 'answer', id: 'headnodes', value: 'h1' });
    expect(s).toMatchObject({ screen: 'answers', revising: false });
  });

  it('drops actions that do not belong to the screen (a key in flight for a screen just left)', () => {
    const s = initialWizard({}, ctx);
    expect(reduce(s, { type: 'answer', id: 'roles', value: ['installer'] })).toBe(s);
    expect(reduce(s, { type: 'run' })).toBe(s);
    const review = reduce({ ...s, screen: 'answers' }, { type: 'review', topology: Topology.parse({ products: ['runai'], roles: ['installer'] }) });
    expect(reduce(review, { type: 'run' })).toMatchObject({ screen: 'run', runId: 1 });
  });
});
