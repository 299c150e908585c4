// The same question data as the Ink wizard, asked one after another through a Prompter.
import {
  askedQuestions,
  currentValue,
  validateAnswer,
  type AnswerValue,
  type Answers,
  type Question,
  type QuestionContext,
  type QuestionId,
} from '../../topology/index.js';
import { maskTypedUrl } from '../../mask-userinfo.js';
import type { Prompter } from './prompter.js';

async function askOne(prompter: Prompter, question: Question, answers: Answers, ctx: QuestionContext): Promise<AnswerValue> {
  const message = `${question.prompt(answers, ctx)}\n  ${question.help}\n `;
  const value = currentValue(question, answers, ctx);
  const check = (v: AnswerValue) => validateAnswer(question, v, answers, ctx);
  switch (question.kind) {
    case 'select':
      return prompter.select(message, question.choices(answers, ctx).map((c) => ({ value: c.value, name: c.hint ? `${c.label}  (${c.hint})` : c.label })), typeof value === 'string' ? value : undefined);
    case 'multiselect':
      return prompter.checkbox(
        message,
        question.choices(answers, ctx).map((c) => ({ value: c.value, name: c.hint ? `${c.label}  (${c.hint})` : c.label })),
        Array.isArray(value) ? (value as readonly string[]) : [],
        (v) => check(v),
      );
    case 'text': {
      const answer = await prompter.input(message, typeof value === 'string' ? value : '', (v) => check(v.trim()), question.secret ? maskTypedUrl : undefined);
      return answer.trim();
    }
    case 'confirm':
      return prompter.confirm(message, value === true);
    default: {
      const unreachable: never = question;
      return unreachable;
    }
  }
}

/**
 * Asks the questions that matter, in order. With `only`, asks that one and then any question it made
 * relevant that was not asked before (revising an answer).
 */
export async function askQuestions(prompter: Prompter, start: Answers, ctx: QuestionContext, only?: QuestionId): Promise<Answers> {
  let answers = start;
  const asked = new Set<QuestionId>(only ? askedQuestions(start, ctx).map((q) => q.id).filter((id) => id !== only) : []);
  for (;;) {
    const next = askedQuestions(answers, ctx).find((q) => !asked.has(q.id));
    if (!next) return answers;
    asked.add(next.id);
    answers = { ...answers, [next.id]: await askOne(prompter, next, answers, ctx) };
  }
}
