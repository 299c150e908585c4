// The shape of a question, and what any front end does with one: its current value, its check, its display.
import {
  maskCredentials,
  type AnswerValue,
  type Answers,
  type QuestionContext,
  type QuestionId,
} from './questions-values.js';

export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
}

interface QuestionBase {
  readonly id: QuestionId;
  /** The prompt; it may depend on earlier answers (the control plane's wording). */
  readonly prompt: (answers: Answers, ctx: QuestionContext) => string;
  /** One short line under the prompt. */
  readonly help: string;
  /** Only questions that matter for the answers so far are asked. */
  readonly ask: (answers: Answers, ctx: QuestionContext) => boolean;
}

export interface SelectQuestion extends QuestionBase {
  readonly kind: 'select';
  readonly choices: (answers: Answers, ctx: QuestionContext) => readonly Choice[];
  readonly default: (answers: Answers, ctx: QuestionContext) => string;
}

export interface MultiselectQuestion extends QuestionBase {
  readonly kind: 'multiselect';
  readonly choices: (answers: Answers, ctx: QuestionContext) => readonly Choice[];
  readonly default: (answers: Answers, ctx: QuestionContext) => readonly string[];
  readonly validate: (value: readonly string[]) => string | undefined;
}

export interface TextQuestion extends QuestionBase {
  readonly kind: 'text';
  readonly default: (answers: Answers, ctx: QuestionContext) => string;
  /** A message when the value is not acceptable; an empty value is acceptable unless this says otherwise. */
  readonly validate: (value: string, answers: Answers, ctx: QuestionContext) => string | undefined;
  /** The value may hold credentials: shown masked, never written in full. */
  readonly secret?: boolean;
}

export interface ConfirmQuestion extends QuestionBase {
  readonly kind: 'confirm';
  readonly default: (answers: Answers, ctx: QuestionContext) => boolean;
}

export type Question = SelectQuestion | MultiselectQuestion | TextQuestion | ConfirmQuestion;

/** The answer given, or the question's default when none was (or the answer has the wrong shape). */
export function currentValue(question: Question, answers: Answers, ctx: QuestionContext): AnswerValue {
  const value = answers[question.id];
  switch (question.kind) {
    case 'select':
    case 'text':
      return typeof value === 'string' ? value : question.default(answers, ctx);
    case 'multiselect':
      return Array.isArray(value) ? value : question.default(answers, ctx);
    case 'confirm':
      return typeof value === 'boolean' ? value : question.default(answers, ctx);
    default: {
      const unreachable: never = question;
      return unreachable;
    }
  }
}

/** A message when the value is not acceptable for the question. */
export function validateAnswer(question: Question, value: AnswerValue, answers: Answers, ctx: QuestionContext): string | undefined {
  switch (question.kind) {
    case 'select':
      return typeof value === 'string' && question.choices(answers, ctx).some((c) => c.value === value) ? undefined : 'Pick one of the choices.';
    case 'multiselect':
      return Array.isArray(value) ? question.validate(value as readonly string[]) : 'Pick from the choices.';
    case 'text':
      return typeof value === 'string' ? question.validate(value, answers, ctx) : 'Type a value.';
    case 'confirm':
      return typeof value === 'boolean' ? undefined : 'Answer yes or no.';
    default: {
      const unreachable: never = question;
      return unreachable;
    }
  }
}

/** The answer as a person reads it in a review list; credentials masked. */
export function describeAnswer(question: Question, answers: Answers, ctx: QuestionContext): string {
  const value = currentValue(question, answers, ctx);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (question.kind === 'select' || question.kind === 'multiselect') {
    const choices = question.choices(answers, ctx);
    const values = typeof value === 'string' ? [value] : value;
    return values.map((v) => choices.find((c) => c.value === v)?.label ?? v).join(', ');
  }
  const shown = typeof value === 'string' ? value.trim() : value.join(', ');
  if (shown === '') return '(none)';
  return question.kind === 'text' && question.secret === true ? maskCredentials(shown) : shown;
}
