import type { CliCommand } from './io';
import { hostsCommands } from './hosts';
import { serverCommands } from './system';
import { probe } from './probe';
import { exportCommand } from './export';
import { importCommand } from './import';
import { diagnosisCommands } from './diagnosis';

/** Subcommand name -> implementation. Feature areas add their entries here. */
export const commands: Record<string, CliCommand> = {
  ...hostsCommands,
  ...serverCommands,
  probe,
  export: exportCommand,
  import: importCommand,
  ...diagnosisCommands,
};
