export type * from './types';
export { updateSubscription, DEFAULT_MAX_LIST_BYTES } from './update';
export { reconcileSubscriptions, newSubscriptionState, isDue } from './reconcile';
export { signatureUrl } from './signature-check';
export { retryDelay, nextCheckDelay, FIRST_RETRY_MS } from './backoff';
export { signEnvelope, openEnvelope, manifestProblem, ENVELOPE_FORMAT, type ListManifest } from './envelope';
export { manifestRefusal } from './manifest-check';
