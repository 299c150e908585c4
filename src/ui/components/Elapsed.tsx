import { useEffect, useState } from 'react';
import { Text } from 'ink';

/** `0:42` since `since`, ticking each second while `running`; only this text re-renders. */
export function Elapsed({ since, running }: { readonly since: number; readonly running: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return <Text dimColor>{`${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`}</Text>;
}
