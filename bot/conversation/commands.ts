import { editDistance, foldText } from '../domain/text.ts';

/** The commands people can type, Danish first, with English aliases. */
export const COMMANDS = {
  help: ['hjaelp', 'hjelp', 'help', '?'],
  tasks: ['opgaver', 'opgave', 'tasks', 'klik'],
  deadlines: ['frister', 'frist', 'deadlines'],
  agreements: ['aftaler', 'aftale', 'agreements'],
  portfolio: ['portefoelje', 'portefolje', 'portfolio'],
  municipality: ['kommune', 'municipality'],
  follow: ['foelg', 'folg', 'follow'],
  unfollow: ['stop', 'unfollow'],
  following: ['foelger', 'folger', 'following'],
  language: ['sprog', 'language'],
} as const;
export type CommandName = keyof typeof COMMANDS;

/** The word people see for each command in help and suggestions. */
export const COMMAND_WORDS: Record<CommandName, { da: string; en: string }> = {
  help: { da: 'hjælp', en: 'help' },
  tasks: { da: 'opgaver', en: 'tasks' },
  deadlines: { da: 'frister', en: 'deadlines' },
  agreements: { da: 'aftaler', en: 'agreements' },
  portfolio: { da: 'portefølje', en: 'portfolio' },
  municipality: { da: 'kommune', en: 'municipality' },
  follow: { da: 'følg', en: 'follow' },
  unfollow: { da: 'stop', en: 'unfollow' },
  following: { da: 'følger', en: 'following' },
  language: { da: 'sprog', en: 'language' },
};

export type ParsedCommand =
  | { kind: 'command'; name: CommandName; args: string }
  | { kind: 'unknown'; text: string; closest?: CommandName };

/** Strips `<at>` mentions and markup that Teams leaves in a channel message. */
export function cleanText(raw: string): string {
  return raw
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads a command from what a person typed, case- and accent-tolerant ("Hjælp", "hjaelp",
 * "HELP"); the rest of the line is the argument, kept as typed. Unknown words get the closest command.
 */
export function parseCommand(raw: string): ParsedCommand {
  const textLine = cleanText(raw);
  const [first = '', ...rest] = textLine.split(' ');
  const word = foldText(first).replace(/\s+/g, '');
  const args = rest.join(' ').trim();
  for (const [name, aliases] of Object.entries(COMMANDS) as [CommandName, readonly string[]][]) {
    if (aliases.includes(word) || (word === '' && first === '?' && name === 'help')) return { kind: 'command', name, args };
  }
  let closest: CommandName | undefined;
  let best = Infinity;
  for (const [name, aliases] of Object.entries(COMMANDS) as [CommandName, readonly string[]][]) {
    for (const alias of aliases) {
      const d = editDistance(word, alias);
      if (d < best) {
        best = d;
        closest = name;
      }
    }
  }
  return { kind: 'unknown', text: textLine, ...(best <= Math.max(2, Math.floor(word.length / 3)) ? { closest } : {}) };
}
