import { Box, Text, useInput } from 'ink';
import { askedQuestions, describeAnswer, type Answers, type QuestionContext, type QuestionId } from '../../topology/index.js';
import { KeyHints } from '../components/KeyHints.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { padEnd, truncate, windowStart } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';

export interface AnswersScreenProps {
  readonly answers: Answers;
  readonly ctx: QuestionContext;
  readonly isActive: boolean;
  /** Why the answers cannot be used yet, if they cannot. */
  readonly error?: string | undefined;
  readonly onRevise: (id: QuestionId) => void;
  readonly onContinue: () => void;
  readonly onQuit: () => void;
}

const SHORT: Readonly<Record<QuestionId, string>> = {
  products: 'Platforms',
  roles: 'This machine',
  bcm: 'BCM used',
  headnodes: 'BCM headnodes',
  controlPlaneMode: 'Control plane',
  controlPlane: 'Control plane FQDN',
  proxy: 'Proxy',
  noProxy: 'NO_PROXY',
  workload: 'Workload',
  prereqs: 'Public prereqs',
  registryMirror: 'Registry mirror',
  mirrors: 'Mirrors',
  runaiVersion: 'Run:ai version',
  region: 'Azure region',
  regionName: 'Region name',
  regionCode: 'Region code',
  acr: 'Container registry',
  storageAccount: 'Storage account',
  keyVault: 'Key Vault',
};

/** Every answer in one list: pick one to change it, or go on to the review. */
export function AnswersScreen({ answers, ctx, isActive, error, onRevise, onContinue, onQuit }: AnswersScreenProps) {
  const theme = useTheme();
  const asked = askedQuestions(answers, ctx);
  const [cursor, setCursor, cursorRef] = useLiveState(asked.length);
  const [start, setStart] = useLiveState(0);
  const total = asked.length + 1;
  const size = Math.max(3, Math.min(total, theme.rows - 6));
  const move = (to: number) => {
    const next = Math.max(0, Math.min(total - 1, to));
    setCursor(next);
    setStart((s) => windowStart(s, next, size, total));
  };
  useInput(
    (input, key) => {
      const at = cursorRef.current;
      if (key.upArrow || input === 'k') move(at - 1);
      else if (key.downArrow || input === 'j') move(at + 1);
      else if (input === 'c') onContinue();
      else if (input === 'q') onQuit();
      else if (key.return) {
        const question = asked[at];
        if (question) onRevise(question.id);
        else onContinue();
      }
    },
    { isActive },
  );
  const top = windowStart(start, cursor, size, total);
  const labelWidth = 20;
  const rows = [...asked.map((q) => ({ id: q.id as string, label: SHORT[q.id], value: describeAnswer(q, answers, ctx) })), { id: 'continue', label: '', value: '' }];
  return (
    <Box flexDirection="column">
      <Text bold>Your answers: pick one to change it, or continue</Text>
      {rows.slice(top, top + size).map((row, i) => {
        const here = top + i === cursor;
        const text = row.id === 'continue' ? 'Continue: review the rules' : `${padEnd(row.label, labelWidth)} ${truncate(row.value, theme.columns - labelWidth - 5)}`;
        return (
          <Text key={row.id} bold={here || row.id === 'continue'} {...tint(theme, here ? 'cyan' : undefined)} wrap="truncate">
            {here ? '> ' : '  '}
            {text}
          </Text>
        );
      })}
      {error !== undefined ? <Text {...tint(theme, 'red')}>{error}</Text> : null}
      <KeyHints hints={['up/down move', 'Enter change / continue', 'c continue', 'q quit']} />
    </Box>
  );
}
