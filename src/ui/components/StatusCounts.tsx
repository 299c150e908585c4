import { Text } from 'ink';
import type { Summary } from '../../report/index.js';
import { statusStyle } from '../status-style.js';
import { tint, useTheme } from '../theme-context.js';

const ORDER = ['pass', 'warn', 'fail', 'skip'] as const;

/** `+ 12 pass  ! 1 warn  x 3 fail  - 2 skip` */
export function StatusCounts({ counts }: { readonly counts: Summary }) {
  const theme = useTheme();
  return (
    <Text>
      {ORDER.map((status) => {
        const style = statusStyle(status, theme.ascii);
        return (
          <Text key={status} {...tint(theme, counts[status] > 0 ? style.color : undefined)}>
            {`${style.symbol} ${counts[status]} ${status}  `}
          </Text>
        );
      })}
    </Text>
  );
}
