import type { CliCommand } from './io';
import { hostsCommands } from './hosts';
import { serverCommands } from './server';

/** Subcommand name -> implementation. Feature areas add their entries here. */
export const commands: Record<string, CliCommand> = {
  ...hostsCommands,
  ...serverCommands,
};
