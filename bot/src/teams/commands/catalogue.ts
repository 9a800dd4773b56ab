import { buildHelpCard } from '../../cards/help-card';
import type { Identity } from '../../domain/staff';
import { describeIdentity, everyone, isOffered } from './audience';
import type { ParsedCommand } from '../command-parser';
import type { CommandSpec, Reply } from './reply';
import { bookCommand } from './book';
import { cancelCommand, eventCommand, rescheduleCommand } from './change-upgrade';
import { deliveriesCommand } from './deliveries';
import { noticesHereCommand } from './notices-here';
import { publishCommand } from './publish';
import { requestCommand } from './request';
import { sharepointCommand } from './sharepoint';
import { showCommand } from './show';
import { upgradesCommand } from './upgrades';
import { windowsCommand } from './windows';

const helpCommand: CommandSpec = {
  name: 'help',
  usage: 'help',
  description: 'The commands you can use, each with what it does.',
  audience: everyone,
  run: async (_deps, caller) => helpReply(caller.identity),
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
  sharepointCommand,
];

/** The name Teams shows for the bot, as a person @mentions it in a channel. */
export const botMentionName = 'Upgrade Desk';

/** The commands this person may use: staff-only commands are not offered to a client's people, and so on. */
export function commandsFor(identity: Identity): CommandSpec[] {
  return commands.filter((c) => isOffered(c.audience, identity));
}

/** Help for this person: only the commands they may use, and how to reach the bot in a channel. */
export function helpReply(identity: Identity, intro?: string): Reply {
  const offered = commandsFor(identity);
  const example = offered.some((c) => c.name === 'notices') ? 'notices here' : offered.some((c) => c.name === 'upgrades') ? 'upgrades' : 'help';
  return {
    summary: 'Upgrade Desk commands',
    card: buildHelpCard({
      commands: offered,
      intro,
      audience: `Commands for you as ${describeIdentity(identity)}.`,
      notice:
        identity.kind === 'unknown'
          ? 'Upgrade Desk serves the vendor\'s staff and its clients\' people, and does not recognise you or your organisation yet. Ask your vendor contact to add your organisation as a client.'
          : undefined,
      channelHint: `In a channel, Teams passes a message to the bot only when it @mentions the bot: type "@${botMentionName} ${example}".`,
    }),
  };
}

/** The command a message names, or undefined when it names none. */
export function findCommand(parsed: ParsedCommand): CommandSpec | undefined {
  return commands.find((c) => c.name === parsed.name);
}
