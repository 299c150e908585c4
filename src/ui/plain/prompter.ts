// The prompts plain mode needs, and their @inquirer implementation (no Ink, no React).
// The four prompts it uses, not @inquirer/prompts' index: that pulls in the editor prompt and iconv-lite (~0.5 MB of the single file).
import checkbox from '@inquirer/checkbox';
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import select from '@inquirer/select';
import type { Readable, Writable } from 'node:stream';

export interface PlainChoice {
  readonly value: string;
  readonly name: string;
  readonly description?: string;
}

/** Four prompts; tests give scripted answers, the CLI gives inquirer. Each may reject when the person presses Ctrl-C. */
export interface Prompter {
  select(message: string, choices: readonly PlainChoice[], defaultValue?: string): Promise<string>;
  checkbox(message: string, choices: readonly PlainChoice[], checked: readonly string[], validate: (values: readonly string[]) => string | undefined): Promise<string[]>;
  input(message: string, defaultValue: string, validate: (value: string) => string | undefined, mask?: (value: string) => string): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

export function inquirerPrompter(io: { readonly input: Readable; readonly output: Writable }): Prompter {
  const context = { input: io.input, output: io.output };
  return {
    select: (message, choices, defaultValue) =>
      select({ message, choices: choices.map((c) => ({ ...c })), ...(defaultValue !== undefined ? { default: defaultValue } : {}) }, context),
    checkbox: (message, choices, checked, validate) =>
      checkbox(
        {
          message,
          choices: choices.map((c) => ({ ...c, checked: checked.includes(c.value) })),
          validate: (picked) => validate(picked.map((p) => p.value)) ?? true,
        },
        context,
      ),
    input: async (message, defaultValue, validate, mask) => {
      if (!mask) return input({ message, default: defaultValue, validate: (value) => validate(value) ?? true }, context);
      if (defaultValue === '') {
        return input({ message, validate: (value) => validate(value) ?? true, transformer: (value: string) => mask(value) }, context);
      }
      // Inquirer prints a default in full before any transformer runs: a secret default is kept
      // out of the prompt, named masked in the message, and Enter keeps it.
      const resolve = (value: string) => (value === '' ? defaultValue : value === '-' ? '' : value);
      const answer = await input(
        {
          message: `${message} [Enter keeps ${mask(defaultValue)}; - for none]`,
          validate: (value) => validate(resolve(value)) ?? true,
          transformer: (value: string) => mask(value),
        },
        context,
      );
      return resolve(answer);
    },
    confirm: (message, defaultValue) => confirm({ message, default: defaultValue }, context),
  };
}
