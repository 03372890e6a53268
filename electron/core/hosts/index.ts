export { ClientConfigService, NEW_CONNECTIONS_NOTE } from './service';
export { loadModel, type ClientConfigModel, type HostBlock, type LoadOptions } from './model';
export { resolveHost, type ResolvedHost, type ResolveEnv } from './resolve';
export { snapshotOf, hostRows, hostRowFor, sampleHostFor, wildcardOnlyHost, findStarBlock } from './hosts';
export { planKeepalive, type Plan, type Change, type EditInput, type KeepaliveRequest } from './edit';
export { verdictFor, formatDuration } from '../../../common/nat/verdict';
