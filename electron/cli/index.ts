import type { CliCommand } from './io';
import { hostsCommands } from './hosts';
import { serverCommands } from './system';
import { probe } from './probe';
import { exportCommand } from './export';
import { importCommand } from './import';
import { diagnosisCommands } from './diagnosis';
import { withAnsibleExport, withRemoteServer } from './remote-server';

/** Subcommand name -> implementation. Feature areas add their entries here. */
export const commands: Record<string, CliCommand> = {
  ...hostsCommands,
  ...serverCommands,
  // `server ... --host HOST`: that server's sshd over ssh; without --host: this computer's.
  server: withRemoteServer(serverCommands.server!),
  probe,
  export: withAnsibleExport(exportCommand),
  import: importCommand,
  ...diagnosisCommands,
};
