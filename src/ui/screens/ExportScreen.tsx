import { useState } from 'react';
import { Box, Text } from 'ink';
import { KeyHints } from '../components/KeyHints.js';
import { PathPrompt } from '../components/PathPrompt.js';
import { SaveMessage } from '../components/SaveMessage.js';
import type { SaveResult } from '../save-file.js';
import { SelectInput } from '../components/SelectInput.js';
import { RULES_FORMATS, type RulesFormat } from '../types.js';

export interface ExportScreenProps {
  readonly isActive: boolean;
  readonly onExport: (format: RulesFormat, path: string) => Promise<SaveResult>;
  readonly onDone: () => void;
  /** After a check: the export is the change request for what failed (the wizard services' `exportRequest`), Markdown first. */
  readonly request?: boolean;
}

const EXTENSION: Readonly<Record<RulesFormat, string>> = { table: 'txt', csv: 'csv', md: 'md', json: 'json', squid: 'squid.conf', 'no-proxy': 'no-proxy.txt' };
const DESCRIPTION: Readonly<Record<RulesFormat, string>> = {
  table: 'a table to read',
  csv: 'a spreadsheet for the firewall team',
  md: 'Markdown, for a ticket',
  json: 'JSON, for tools',
  squid: 'squid ACLs for the proxy',
  'no-proxy': 'a NO_PROXY value',
};

/** The firewall request in the `rules` formats, written to a file: the selected rules, or (`request`) what failed in a check. */
export function ExportScreen({ isActive, onExport, onDone, request = false }: ExportScreenProps) {
  const [format, setFormat] = useState<RulesFormat | undefined>(undefined);
  const [result, setResult] = useState<SaveResult | undefined>(undefined);
  if (format === undefined) {
    return (
      <Box flexDirection="column">
        <Text bold>{request ? 'Export the change request for what failed: which format?' : 'Export the firewall request: which format?'}</Text>
        <SelectInput
          choices={RULES_FORMATS.map((f) => ({ value: f, label: f, hint: DESCRIPTION[f] }))}
          value={[request ? 'md' : 'csv']}
          multiple={false}
          isActive={isActive}
          height={RULES_FORMATS.length}
          onSubmit={(values) => {
            const picked = RULES_FORMATS.find((f) => f === values[0]);
            if (picked) setFormat(picked);
          }}
          onCancel={onDone}
        />
        <SaveMessage result={result} />
        <KeyHints hints={['up/down choose', 'Enter pick', 'Esc back to the review']} />
      </Box>
    );
  }
  return (
    <PathPrompt
      title={`Write the ${request ? 'change request' : 'rules'} as ${format} to:`}
      defaultPath={`netreq-${request ? 'request' : 'rules'}.${EXTENSION[format]}`}
      isActive={isActive}
      onCancel={() => setFormat(undefined)}
      onSubmit={(path) => {
        void onExport(format, path).then((saved) => {
          setResult(saved);
          setFormat(undefined);
        });
      }}
    />
  );
}
