import { useMemo, useReducer } from 'react';
import type { Answers, QuestionContext } from '../../topology/index.js';
import { initialWizard, wizardReducer, type WizardAction, type WizardState } from '../wizard-state.js';

/** The wizard's screens and answers; the reducer is pure (see wizard-state.ts). */
export function useWizard(ctx: QuestionContext, seed: Answers): [WizardState, (action: WizardAction) => void] {
  const reducer = useMemo(() => wizardReducer(ctx), [ctx]);
  return useReducer(reducer, undefined, () => initialWizard(seed, ctx));
}
