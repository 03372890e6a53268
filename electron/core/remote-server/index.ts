/**
 * Server keepalive where the servers are (plain Node, no Electron): status, plan/apply/undo on one
 * host over the user's ssh, fleets, the value to suggest, and the Ansible/cloud-init export.
 */
export { remoteServerStatus, type RemoteStatusOptions } from './status';
export { planRemoteChange, applyRemoteChange, undoRemoteChange } from './change';
export { applyFleet, planFleet, undoFleet, type FleetOptions, type FleetPlan, type FleetProgress, type FleetStep } from './fleet';
export { suggestServerInterval, type ServerIntervalSuggestion } from '../../../common/remote-server/suggest';
export { adminInstructions } from './admin';
export type { RemoteChange } from './intent';
export { RemoteServerError } from './types';
export type { AskPassword, RemoteOptions, RemotePlan, RemoteFileEdit, RemoteOutcome, RemoteReload, RemoteServerStatus, RemoteFailure } from './types';
export type { SshTarget, TransportOptions } from './transport';
export { exportAnsible, literalHosts, type AnsibleExport, type AnsibleExportOptions } from './ansible/export';
export { findAnsiblePlaybook, ansibleInstallHint, runAnsiblePlaybook, parseRecap, type AnsibleRun, type AnsibleRunOptions, type HostRecap } from './ansible/run';
export { keepalivePlaybook, cloudInitSnippet, dropInText, type KeepaliveSettings } from './ansible/playbook';
export { resolveInventoryHost, inventoryIni, type InventoryHost } from './ansible/inventory';
