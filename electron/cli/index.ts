import type { CliCommand } from './io';
import { hostsCommands } from './hosts';

/** Subcommand name -> implementation. Feature areas add their entries here. */
export const commands: Record<string, CliCommand> = {
  ...hostsCommands,
};
