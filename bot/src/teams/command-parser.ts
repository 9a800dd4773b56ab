import { versionPattern } from '../domain/release';

/** A chat message split into a command word and its arguments. */
export interface ParsedCommand {
  name: string;
  args: string[];
  /** Everything after the command word, as typed. */
  rest: string;
}

/** Splits "windows  Contoso Ltd" into { name: 'windows', args: ['Contoso', 'Ltd'], rest: 'Contoso Ltd' }. */
export function parseCommand(textInput: string | undefined): ParsedCommand {
  const cleaned = (textInput ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    // A link Teams marked up as HTML ("<a href=...>https://...</a>"): its text is what was typed.
    .replace(/<\/?a\b[^>]*>/gi, '')
    .replace(/&nbsp;/g, ' ')
    .trim();
  const [first = '', ...args] = cleaned.split(/\s+/).filter(Boolean);
  const rest = cleaned.slice(first.length).trim();
  return { name: first.toLowerCase().replace(/^\//, ''), args, rest };
}

/** "Northwind Traders 5.1" -> client "Northwind Traders", version "5.1"; a client name alone has no version. */
export function clientAndVersion(command: ParsedCommand): { clientQuery: string; version?: string } {
  const last = command.args.at(-1);
  if (command.args.length > 1 && last && versionPattern.test(last)) return { clientQuery: command.args.slice(0, -1).join(' '), version: last };
  return { clientQuery: command.rest };
}
