// The wizard's screens and answers as a pure reducer: walk the questions, revise any answer, run, read, finish.
import { askedQuestions, type AnswerValue, type Answers, type QuestionContext, type QuestionId, type Topology } from '../topology/index.js';
import type { Report } from '../report/index.js';

export type Screen = 'question' | 'answers' | 'review' | 'export' | 'run' | 'recheck' | 'results' | 'finish';

export interface WizardState {
  readonly screen: Screen;
  readonly answers: Answers;
  readonly current?: QuestionId;
  /** Questions answered (or accepted) at least once. */
  readonly visited: readonly QuestionId[];
  /** Revising one answer from the list: return there once nothing new needs asking. */
  readonly revising: boolean;
  readonly topology?: Topology;
  readonly report?: Report;
  readonly interrupted: boolean;
  /** Bumped for each run and re-check so the live screen remounts. */
  readonly runId: number;
}

export type WizardAction =
  | { readonly type: 'answer'; readonly id: QuestionId; readonly value: AnswerValue }
  | { readonly type: 'back' }
  | { readonly type: 'revise'; readonly id: QuestionId }
  | { readonly type: 'review'; readonly topology: Topology }
  | { readonly type: 'show'; readonly screen: Extract<Screen, 'answers' | 'review' | 'export' | 'results' | 'finish'> }
  | { readonly type: 'run' }
  | { readonly type: 'ran'; readonly report: Report; readonly interrupted: boolean }
  | { readonly type: 'recheck' }
  /** The report with the re-checked findings merged; `interrupted` stays the first run's. */
  | { readonly type: 'rechecked'; readonly report: Report };

export function initialWizard(answers: Answers, ctx: QuestionContext): WizardState {
  const first = askedQuestions(answers, ctx)[0];
  return { screen: 'question', answers, ...(first ? { current: first.id } : {}), visited: [], revising: false, interrupted: false, runId: 0 };
}

function afterAnswer(state: WizardState, id: QuestionId, ctx: QuestionContext): WizardState {
  const asked = askedQuestions(state.answers, ctx);
  const at = asked.findIndex((q) => q.id === id);
  const rest = asked.slice(at + 1);
  const next = state.revising ? rest.find((q) => !state.visited.includes(q.id)) : rest[0];
  if (next) return { ...state, screen: 'question', current: next.id };
  return { ...state, screen: 'answers', revising: false };
}

/** Screens each action may come from: a key still in flight for a screen just left is dropped. */
const FROM: Readonly<Record<WizardAction['type'], readonly Screen[]>> = {
  answer: ['question'],
  back: ['question'],
  revise: ['answers'],
  review: ['answers'],
  show: ['answers', 'review', 'export', 'results', 'finish'],
  run: ['review'],
  ran: ['run'],
  recheck: ['results'],
  rechecked: ['recheck'],
};

export function wizardReducer(ctx: QuestionContext) {
  return (state: WizardState, action: WizardAction): WizardState => {
    if (!FROM[action.type].includes(state.screen)) return state;
    switch (action.type) {
      case 'answer': {
        if (action.id !== state.current) return state;
        const answered: WizardState = {
          ...state,
          answers: { ...state.answers, [action.id]: action.value },
          visited: state.visited.includes(action.id) ? state.visited : [...state.visited, action.id],
        };
        return afterAnswer(answered, action.id, ctx);
      }
      case 'back': {
        if (state.revising) return { ...state, screen: 'answers', revising: false };
        const asked = askedQuestions(state.answers, ctx);
        const at = asked.findIndex((q) => q.id === state.current);
        const previous = asked[at - 1];
        return previous ? { ...state, current: previous.id } : state;
      }
      case 'revise':
        return { ...state, screen: 'question', current: action.id, revising: true };
      case 'review':
        return { ...state, screen: 'review', topology: action.topology };
      case 'show':
        return { ...state, screen: action.screen };
      case 'run':
        return state.topology ? { ...state, screen: 'run', runId: state.runId + 1 } : state;
      case 'ran':
        return { ...state, screen: 'results', report: action.report, interrupted: action.interrupted };
      case 'recheck':
        return state.topology && state.report ? { ...state, screen: 'recheck', runId: state.runId + 1 } : state;
      case 'rechecked':
        return { ...state, screen: 'results', report: action.report };
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  };
}
