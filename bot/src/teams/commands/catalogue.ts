import { buildHelpCard } from '../../cards/help-card';
import type { ParsedCommand } from '../command-parser';
import type { CommandSpec, Reply } from './reply';
import { bookCommand } from './book';
import { cancelCommand, eventCommand, rescheduleCommand } from './change-upgrade';
import { deliveriesCommand } from './deliveries';
import { noticesHereCommand } from './notices-here';
import { publishCommand } from './publish';
import { requestCommand } from './request';
import { showCommand } from './show';
import { upgradesCommand } from './upgrades';
import { windowsCommand } from './windows';

const helpCommand: CommandSpec = {
  name: 'help',
  usage: 'help',
  description: 'This list of commands.',
  run: async () => helpReply(),
};

/** Every chat command, in the order help lists them. */
export const commands: readonly CommandSpec[] = [
  helpCommand,
  windowsCommand,
  upgradesCommand,
  showCommand,
  bookCommand,
  requestCommand,
  rescheduleCommand,
  cancelCommand,
  eventCommand,
  noticesHereCommand,
  deliveriesCommand,
  publishCommand,
];

export function helpReply(intro?: string): Reply {
  return { summary: 'Upgrade Desk commands', card: buildHelpCard(commands, intro) };
}

/** The command a message names, or undefined when it names none. */
export function findCommand(parsed: ParsedCommand): CommandSpec | undefined {
  return commands.find((c) => c.name === parsed.name);
}
