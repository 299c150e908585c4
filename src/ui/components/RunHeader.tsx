import { Text } from 'ink';
import type { Summary } from '../../report/index.js';
import { Elapsed } from './Elapsed.js';
import { StatusCounts } from './StatusCounts.js';

interface RunHeaderProps {
  readonly title: string;
  readonly since: number;
  readonly running: boolean;
  readonly counts: Summary;
  readonly finished: number;
  readonly total: number;
}

/** The two lines above a running check: what runs and for how long, then the counts so far. */
export function RunHeader({ title, since, running, counts, finished, total }: RunHeaderProps) {
  return (
    <>
      <Text>
        <Text bold>{title}</Text>
        {'  '}
        <Elapsed since={since} running={running} />
      </Text>
      <Text>
        <StatusCounts counts={counts} />
        <Text dimColor>{`${finished}/${total} done`}</Text>
      </Text>
    </>
  );
}
