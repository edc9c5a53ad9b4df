export type * from './types';
export { parsePolicy, POLICY_SETTINGS } from './parse-policy';
export { effectiveSettings, DEFAULT_MODE } from './effective-settings';
export { parseSubscriptionSource } from './subscription-source';
export { parseHostList } from './host-list';
export { remoteUrlProblem } from './remote-url';
export * from './limits';
