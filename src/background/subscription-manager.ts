import type { Storage } from 'webextension-polyfill';
import type { EffectiveSettings } from '../engine/policy/types';
import { reconcileSubscriptions, updateSubscription } from '../engine/subscriptions/index';
import type { SubscriptionState } from '../engine/subscriptions/types';

export const SUBSCRIPTIONS_KEY = 'subscriptionStates';
export const SUBSCRIPTION_ALARM = 'ms:subscriptions';
/** Chrome fires alarms at most every 30 s; an earlier `when` is rounded up anyway. */
const MIN_ALARM_DELAY_MS = 30_000;

export interface SubscriptionManagerDeps {
  area: Pick<Storage.StorageArea, 'get' | 'set'>;
  fetch: typeof fetch;
  now: () => number;
  random?: () => number;
  settings: () => Promise<EffectiveSettings>;
  /** Asks to be woken at `when` (epoch ms); the alarm handler then calls `runDue`. */
  schedule: (when: number) => void;
}

export interface SubscriptionManager {
  states(): Promise<SubscriptionState[]>;
  /** Brings the stored states in line with the current sources and terms (policy or user change). */
  reconcile(): Promise<SubscriptionState[]>;
  /** Updates every subscription that is due, or those named in `urls` whether due or not. */
  runDue(urls?: readonly string[]): Promise<SubscriptionState[]>;
}

/**
 * Keeps subscription states in storage so a service-worker restart loses no list, no
 * validator and no backoff. All work goes through one chain: an alarm, a policy change
 * and an "update now" click may arrive together, and each reads and writes every state.
 */
export function createSubscriptionManager(deps: SubscriptionManagerDeps): SubscriptionManager {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = chain.then(op);
    chain = run.catch(() => undefined);
    return run;
  };

  async function load(): Promise<SubscriptionState[]> {
    const stored = (await deps.area.get(SUBSCRIPTIONS_KEY))[SUBSCRIPTIONS_KEY];
    return Array.isArray(stored) ? (stored as SubscriptionState[]) : [];
  }

  async function save(states: SubscriptionState[]): Promise<void> {
    await deps.area.set({ [SUBSCRIPTIONS_KEY]: states });
    const next = Math.min(...states.map((s) => s.nextAttempt));
    if (Number.isFinite(next)) deps.schedule(Math.max(next, deps.now() + MIN_ALARM_DELAY_MS));
  }

  async function reconciled(settings: EffectiveSettings): Promise<SubscriptionState[]> {
    return reconcileSubscriptions(await load(), settings.subscriptions.value, {
      now: deps.now(),
      trustedKeys: settings.trustedKeys,
      requireSignature: settings.requireSignature.value,
    });
  }

  return {
    states: () => serial(load),
    reconcile: () =>
      serial(async () => {
        const states = await reconciled(await deps.settings());
        await save(states);
        return states;
      }),
    runDue: (urls) =>
      serial(async () => {
        const settings = await deps.settings();
        const states = await reconciled(settings);
        const now = deps.now();
        for (let i = 0; i < states.length; i++) {
          const wanted = urls ? urls.includes(states[i].url) : states[i].nextAttempt <= now;
          if (!wanted) continue;
          states[i] = await updateSubscription(states[i], {
            fetch: deps.fetch,
            now: deps.now,
            random: deps.random,
            trustedKeys: settings.trustedKeys,
            requireSignature: settings.requireSignature.value,
            intervalMinutes: settings.updateIntervalMinutes.value,
          });
          // Written after each list, so a worker stopped mid-run keeps what it already fetched.
          await save(states);
        }
        await save(states);
        return states;
      }),
  };
}
