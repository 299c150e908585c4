import type { HopAnswer } from './request-hop.js';

/** How a pull ended, before it becomes the step's observation. */
export interface PullEnd {
  readonly outcome: string;
  readonly code?: string;
}

/** The registry's own error code from a distribution error body (`{"errors":[{"code":"MANIFEST_UNKNOWN"}]}`). */
export function registryErrorCode(answer: HopAnswer): string | undefined {
  const data = answer.read?.data;
  if (!data) return undefined;
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8'));
    const errors = (parsed as { errors?: unknown }).errors;
    const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
    const code = (first as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code.slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why an answer stops the pull, or undefined when it lets it go on (a 2xx read within bounds).
 * `notFound` names what a 404 means at this point (`manifest-unknown`, `blob-unknown`).
 */
export function stopAt(answer: HopAnswer, notFound: string): PullEnd | undefined {
  const { hop, status } = answer;
  if (status === undefined || hop.outcome !== 'status') return { outcome: hop.outcome, ...(hop.code ? { code: hop.code } : {}) };
  if (status >= 200 && status < 300) return undefined;
  const registryCode = registryErrorCode(answer);
  const code = registryCode ?? `HTTP_${status}`;
  if (status === 401 || status === 403) return { outcome: 'auth-required', code };
  if (status === 404) return { outcome: notFound, code };
  if (status === 429) return { outcome: 'rate-limited', code };
  if (answer.location) return { outcome: 'http-error', code: 'TOO_MANY_REDIRECTS' };
  return { outcome: 'http-error', code };
}
