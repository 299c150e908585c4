import type { Finding } from '../../schema/index.js';
import { findingLines } from '../finding-lines.js';
import { useTheme } from '../theme-context.js';
import { DetailView } from './DetailView.js';

export interface FindingDetailProps {
  readonly finding: Finding;
  readonly isActive: boolean;
  readonly onClose: () => void;
}

/** Evidence, explanation, remediation and the by-hand command of one finding; scrolls when long. */
export function FindingDetail({ finding, isActive, onClose }: FindingDetailProps) {
  const theme = useTheme();
  return <DetailView lines={findingLines(finding, theme.columns - 2)} status={finding.status} isActive={isActive} onClose={onClose} />;
}
