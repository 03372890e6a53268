export { diagnoseHost, type DiagnoseOptions } from './diagnose-host';
export { measureClientAlive, measuredPeriod, type ClientAliveMeasurement } from './measure-client-alive';
export { clientFactsOf, hopsBefore, parseJump, sshG } from './client-chain';
export { remoteScript } from './remote-script';
export { parseRemoteOutput, type RemoteFacts } from './parse-remote';
export { logindFactsFrom, serverFactsFrom, shellFactsFrom } from './facts';
