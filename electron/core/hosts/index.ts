export { ClientConfigService, NEW_CONNECTIONS_NOTE } from './service';
export { snapshotOf, hostRows, hostRowFor, sampleHostFor, wildcardOnlyHost, findStarBlock } from './hosts';
export { planKeepalive, type Plan, type Change, type EditInput, type KeepaliveRequest } from './edit';
