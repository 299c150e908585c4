import type { QuestionContext } from '../topology/index.js';
import type { WizardOptions } from './types.js';

/** The question context the options describe; both front ends use it. */
export function questionContext(options: Pick<WizardOptions, 'env' | 'regions' | 'initial' | 'editions' | 'readers'>): QuestionContext {
  return {
    env: options.env,
    regions: options.regions,
    ...(options.initial ? { initial: options.initial } : {}),
    ...(options.editions ? { editions: options.editions } : {}),
    ...(options.readers ? { readers: options.readers } : {}),
  };
}
