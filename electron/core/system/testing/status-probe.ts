/** Prints the app's view of /etc/ssh (server and system client status) as JSON; run in a namespace by tests. */
import { serverStatus, systemClientStatus } from '../status';

const opts = { platform: process.platform, stateDir: process.env.HOME ?? '/tmp' };
Promise.all([serverStatus(opts), systemClientStatus(opts)]).then(
  ([server, client]) => process.stdout.write(JSON.stringify({ server, client })),
  (err: unknown) => {
    process.stderr.write(String(err));
    process.exitCode = 1;
  },
);
