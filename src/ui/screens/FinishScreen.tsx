import { useState } from 'react';
import { Box, Text } from 'ink';
import { KeyHints } from '../components/KeyHints.js';
import { PathPrompt } from '../components/PathPrompt.js';
import { SaveMessage } from '../components/SaveMessage.js';
import type { SaveResult } from '../save-file.js';
import { SelectInput } from '../components/SelectInput.js';

export type SaveKind = 'answers' | 'summary' | 'bundle';

export interface FinishScreenProps {
  readonly isActive: boolean;
  /** Offer the support bundle (the CLI gave a bundle writer). */
  readonly canBundle: boolean;
  readonly onSave: (kind: SaveKind, path: string) => Promise<SaveResult>;
  /** Opens the export of the change request for what failed; absent (no choice) when nothing failed or warned, or there is no exporter. */
  readonly onRequest?: (() => void) | undefined;
  readonly onBack: () => void;
  readonly onQuit: () => void;
}

const SAVES: Readonly<Record<SaveKind, { label: string; path: string; title: string }>> = {
  answers: { label: 'Save the answers for a rerun (netreq check --answers)', path: 'netreq-answers.yaml', title: 'Write the answers to:' },
  summary: { label: 'Save the Markdown summary', path: 'netreq-report.md', title: 'Write the summary to:' },
  bundle: { label: 'Save the support bundle (redacted)', path: 'netreq-bundle.tar.gz', title: 'Write the support bundle to:' },
};

/** Save the answers, the summary and the bundle, export the change request, then quit. */
export function FinishScreen({ isActive, canBundle, onSave, onRequest, onBack, onQuit }: FinishScreenProps) {
  const [saving, setSaving] = useState<SaveKind | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<readonly SaveResult[]>([]);
  if (saving !== undefined) {
    const save = SAVES[saving];
    return (
      <PathPrompt
        title={save.title}
        defaultPath={save.path}
        isActive={isActive && !busy}
        onCancel={() => setSaving(undefined)}
        onSubmit={(path) => {
          setBusy(true);
          void onSave(saving, path).then((result) => {
            setResults((r) => [...r, result]);
            setBusy(false);
            setSaving(undefined);
          });
        }}
      />
    );
  }
  const kinds: SaveKind[] = canBundle ? ['answers', 'summary', 'bundle'] : ['answers', 'summary'];
  const choices = [
    ...kinds.map((kind) => ({ value: kind, label: SAVES[kind].label })),
    ...(onRequest ? [{ value: 'request', label: 'The change request for what failed' }] : []),
    { value: 'results', label: 'Back to the results' },
    { value: 'quit', label: 'Quit' },
  ];
  return (
    <Box flexDirection="column">
      <Text bold>Before you go</Text>
      <SelectInput
        choices={choices}
        value={['quit']}
        multiple={false}
        isActive={isActive}
        height={choices.length}
        onSubmit={(values) => {
          const picked = values[0];
          if (picked === 'quit') onQuit();
          else if (picked === 'results') onBack();
          else if (picked === 'request') onRequest?.();
          else if (picked === 'answers' || picked === 'summary' || picked === 'bundle') setSaving(picked);
        }}
        onCancel={onBack}
      />
      {results.slice(-3).map((result, i) => (
        <SaveMessage key={i} result={result} />
      ))}
      <KeyHints hints={['up/down choose', 'Enter pick', 'Esc back to the results']} />
    </Box>
  );
}
