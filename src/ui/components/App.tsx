import { useCallback, useMemo, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import { answersFileText, finishAnswers, questionById, type Answers, type QuestionContext } from '../../topology/index.js';
import type { Report } from '../../report/index.js';
import { useRecheck } from '../hooks/use-recheck.js';
import type { RunEnd } from '../hooks/use-run.js';
import { useWizard } from '../hooks/use-wizard.js';
import { trySave } from '../save-file.js';
import { AnswersScreen } from '../screens/AnswersScreen.js';
import { ExportScreen } from '../screens/ExportScreen.js';
import { FinishScreen, type SaveKind } from '../screens/FinishScreen.js';
import { LiveRunScreen } from '../screens/LiveRunScreen.js';
import { QuestionScreen } from '../screens/QuestionScreen.js';
import { RecheckScreen } from '../screens/RecheckScreen.js';
import { ResultsScreen } from '../screens/ResultsScreen.js';
import { ReviewScreen } from '../screens/ReviewScreen.js';
import { ThemeProvider, useTheme } from '../theme-context.js';
import type { RuleBrief, RuleSummary, WizardOptions, WizardOutcome } from '../types.js';

/** Whether a report has anything for a change request: a failure or a warning. */
const hasFailures = (report: Report): boolean => report.findings.some((f) => f.status === 'fail' || f.status === 'warn');

export type AppServices = Omit<WizardOptions, 'stdin' | 'stdout' | 'stderr' | 'color' | 'ascii' | 'initial' | 'env' | 'regions'>;

export interface AppProps {
  readonly services: AppServices;
  readonly ctx: QuestionContext;
  readonly seed: Answers;
  readonly onExit: (outcome: WizardOutcome) => void;
  /** Test hook: counts the live run's row renders. */
  readonly onRowRender?: (key: string) => void;
}

export function App({ services, ctx, seed, onExit, onRowRender }: AppProps) {
  const theme = useTheme();
  const { exit } = useApp();
  const [state, dispatch] = useWizard(ctx, seed);
  const [answersError, setAnswersError] = useState<string | undefined>(undefined);
  const [runNote, setRunNote] = useState<string | undefined>(undefined);
  // The export screen shows the change request only when opened from Finish: from the review (answers maybe changed since the run) it is the rules.
  const [requestMode, setRequestMode] = useState(false);
  const { topology, report, screen } = state;
  const recheck = useRecheck(services, topology, report, dispatch);
  // A stable context value: a new object per render would re-render every memoised row.
  const inner = useMemo(() => ({ ...theme, rows: theme.rows - 1 }), [theme]);

  const summary = useMemo((): RuleSummary | { error: string } | undefined => {
    if (!topology) return undefined;
    try {
      return services.summarize(topology);
    } catch (error: unknown) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [services, topology]);
  const briefs = useMemo(() => new Map<string, RuleBrief>((summary && 'rules' in summary ? (summary.rules ?? []) : []).map((r) => [r.id, r])), [summary]);

  const leave = useCallback(
    (finalReport: Report | undefined, interrupted: boolean) => {
      onExit(finalReport ? { report: finalReport, interrupted, quit: false } : { interrupted: false, quit: true });
      exit();
    },
    [exit, onExit],
  );

  // Ctrl-C anywhere outside a run (which stops first) ends the wizard as interrupted: exit 130, as a signal.
  const interrupt = useCallback(() => {
    onExit({ ...(report ? { report } : {}), interrupted: true, quit: report === undefined });
    exit();
  }, [exit, onExit, report]);
  useInput((input, key) => key.ctrl && input === 'c' && interrupt(), { isActive: screen !== 'run' && screen !== 'recheck' });

  const toReview = () => {
    const finished = finishAnswers(state.answers, ctx);
    if (finished.ok) {
      setAnswersError(undefined);
      dispatch({ type: 'review', topology: finished.topology });
    } else setAnswersError(finished.error);
  };
  const onRunEnd = useCallback(
    (end: RunEnd) => {
      if (!topology) return;
      setRunNote(end.error !== undefined ? `The run stopped early: ${end.error}` : undefined);
      dispatch({ type: 'ran', report: end.report ?? services.buildReport(end.findings, topology, end.interrupted), interrupted: end.interrupted });
    },
    [dispatch, services, topology],
  );
  const start = useCallback((signal: AbortSignal) => (topology ? services.startRun(topology, signal) : (async function* () {})()), [services, topology]);
  const save = (kind: SaveKind, path: string) => {
    switch (kind) {
      case 'answers':
        return trySave('the answers', path, async () => {
          if (!topology) throw new Error('the answers are not complete yet');
          await services.saveFile(path, answersFileText(topology));
        });
      case 'summary':
        return trySave('the summary', path, async () => report && services.saveFile(path, services.renderMarkdown(report)));
      case 'bundle':
        return trySave('the support bundle', path, async () => report && services.writeBundle?.(report, path));
      default: {
        const unreachable: never = kind;
        return unreachable;
      }
    }
  };

  const openExport = (request: boolean) => {
    setRequestMode(request);
    dispatch({ type: 'show', screen: 'export' });
  };
  const openRules = () => openExport(false);
  const openRequest = () => openExport(true);

  let body;
  switch (screen) {
    case 'question': {
      const question = questionById(state.current ?? 'products');
      body = (
        <QuestionScreen key={question.id} question={question} answers={state.answers} ctx={ctx} isActive onAnswer={(value) => dispatch({ type: 'answer', id: question.id, value })} onBack={() => dispatch({ type: 'back' })} />
      );
      break;
    }
    case 'answers':
      body = <AnswersScreen answers={state.answers} ctx={ctx} isActive error={answersError} onRevise={(id) => dispatch({ type: 'revise', id })} onContinue={toReview} onQuit={() => leave(undefined, false)} />;
      break;
    case 'review':
      body = topology && summary ? <ReviewScreen topology={topology} summary={summary} isActive onRun={() => dispatch({ type: 'run' })} onExport={openRules} onBack={() => dispatch({ type: 'show', screen: 'answers' })} onQuit={() => leave(undefined, false)} /> : null;
      break;
    case 'export':
      body = (
        <ExportScreen
          isActive
          request={requestMode}
          onDone={() => dispatch({ type: 'show', screen: requestMode ? 'finish' : 'review' })}
          onExport={(format, path) =>
            requestMode
              ? trySave(`the change request (${format})`, path, async () => report && services.exportRequest && services.saveFile(path, services.exportRequest(report, format)))
              : trySave(`the rules (${format})`, path, async () => topology && services.saveFile(path, services.exportRules(topology, format)))
          }
        />
      );
      break;
    case 'run':
      body = <LiveRunScreen key={state.runId} start={start} briefs={briefs} isActive roles={topology?.roles.join(', ') ?? ''} onEnd={onRunEnd} signal={services.signal} {...(onRowRender ? { onRowRender } : {})} />;
      break;
    case 'recheck':
      body = <RecheckScreen key={state.runId} start={recheck.start} previous={recheck.failed} briefs={briefs} isActive onEnd={recheck.onEnd} signal={services.signal} />;
      break;
    case 'results':
      body = report ? (
        <ResultsScreen
          report={report}
          isActive
          note={runNote}
          recheckNote={recheck.note}
          onNext={() => dispatch({ type: 'show', screen: 'finish' })}
          onRecheck={services.recheck ? () => dispatch({ type: 'recheck' }) : undefined}
        />
      ) : null;
      break;
    case 'finish':
      body = (
        <FinishScreen
          isActive
          canBundle={services.writeBundle !== undefined}
          onSave={save}
          onRequest={services.exportRequest && report && hasFailures(report) ? openRequest : undefined}
          onBack={() => dispatch({ type: 'show', screen: 'results' })}
          onQuit={() => leave(report, state.interrupted)}
        />
      );
      break;
    default: {
      const unreachable: never = screen;
      body = unreachable;
    }
  }
  return (
    <Box flexDirection="column" width={theme.columns}>
      <Text dimColor wrap="truncate">{`netreq${services.title ? `  ${services.title}` : ''}`}</Text>
      <ThemeProvider theme={inner}>{body}</ThemeProvider>
    </Box>
  );
}
