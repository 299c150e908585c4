export interface SaveResult {
  readonly ok: boolean;
  readonly text: string;
}

/** Runs a save and says what happened, in a person's words: never throws. */
export async function trySave(what: string, path: string, save: () => Promise<void>): Promise<SaveResult> {
  try {
    await save();
    return { ok: true, text: `Saved ${what} to ${path}` };
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? ` (${String(error.code)})` : '';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, text: `Could not save ${what} to ${path}${code}: ${message}` };
  }
}
