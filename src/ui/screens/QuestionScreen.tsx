import { useState } from 'react';
import { Box, Text } from 'ink';
import {
  expectedQuestions,
  currentValue,
  validateAnswer,
  type AnswerValue,
  type Answers,
  type Question,
  type QuestionContext,
} from '../../topology/index.js';
import { ConfirmInput } from '../components/ConfirmInput.js';
import { KeyHints } from '../components/KeyHints.js';
import { SelectInput } from '../components/SelectInput.js';
import { TextInput } from '../components/TextInput.js';
import { tint, useTheme } from '../theme-context.js';

export interface QuestionScreenProps {
  readonly question: Question;
  readonly answers: Answers;
  readonly ctx: QuestionContext;
  readonly isActive: boolean;
  readonly onAnswer: (value: AnswerValue) => void;
  readonly onBack: () => void;
}

const HINTS: Readonly<Record<Question['kind'], readonly string[]>> = {
  select: ['up/down choose', 'Enter accept', 'Esc back'],
  multiselect: ['up/down move', 'Space toggle', 'Enter accept', 'Esc back'],
  text: ['type to edit', 'Ctrl-U clear', 'Enter accept', 'Esc back'],
  confirm: ['y / n', 'Enter accept the highlighted', 'Esc back'],
};

export function QuestionScreen({ question, answers, ctx, isActive, onAnswer, onBack }: QuestionScreenProps) {
  const theme = useTheme();
  const [error, setError] = useState<string | undefined>(undefined);
  const asked = expectedQuestions(answers, ctx);
  const position = asked.findIndex((q) => q.id === question.id) + 1;
  const value = currentValue(question, answers, ctx);

  const submit = (next: AnswerValue) => {
    const message = validateAnswer(question, next, answers, ctx);
    if (message !== undefined) setError(message);
    else onAnswer(next);
  };

  let input;
  switch (question.kind) {
    case 'select':
    case 'multiselect': {
      const multiple = question.kind === 'multiselect';
      const selected = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly string[]) : [];
      input = (
        <SelectInput
          choices={question.choices(answers, ctx)}
          value={selected}
          multiple={multiple}
          isActive={isActive}
          height={theme.rows - 9}
          onSubmit={(values) => submit(multiple ? values : (values[0] ?? ''))}
          onCancel={onBack}
        />
      );
      break;
    }
    case 'text':
      input = (
        <TextInput
          value={typeof value === 'string' ? value : ''}
          isActive={isActive}
          secret={question.secret === true}
          onSubmit={(text) => submit(text.trim())}
          onCancel={onBack}
          onChange={() => setError(undefined)}
        />
      );
      break;
    case 'confirm':
      input = <ConfirmInput value={value === true} isActive={isActive} onSubmit={submit} onCancel={onBack} />;
      break;
    default: {
      const unreachable: never = question;
      return unreachable;
    }
  }

  return (
    <Box flexDirection="column">
      <Text dimColor>
        Question {position}
      </Text>
      <Text bold>{question.prompt(answers, ctx)}</Text>
      <Text dimColor>{question.help}</Text>
      <Box marginY={1}>{input}</Box>
      {error !== undefined ? <Text {...tint(theme, 'red')}>{error}</Text> : null}
      <KeyHints hints={HINTS[question.kind]} />
    </Box>
  );
}
