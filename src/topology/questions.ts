// The wizard's question flow, defined once as data (no React here): the Ink and plain front ends render it.
export { QUESTIONS, askedQuestions, expectedQuestions, questionById } from './questions-list.js';
export {
  currentValue,
  describeAnswer,
  validateAnswer,
  type Choice,
  type ConfirmQuestion,
  type MultiselectQuestion,
  type Question,
  type SelectQuestion,
  type TextQuestion,
} from './questions-model.js';
export { applyAnswers, answersFromTopology, finishAnswers } from './questions-apply.js';
export { answersFileText } from './questions-answers-file.js';
export { SITE_RESOURCES, wildcardNameHint } from './questions-site-names.js';
export {
  maskCredentials,
  withoutPassword,
  type AnswerValue,
  type Answers,
  type QuestionContext,
  type QuestionId,
} from './questions-values.js';
