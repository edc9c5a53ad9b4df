// Issue 9, attack 7: a signature over the list alone can be replayed (an older release,
// another subscription's list) and a list once signed could fall back to unsigned.
// Each test here is one refusal; every one keeps the last good list in force.
import { beforeEach, describe, expect, it } from 'vitest';
import { updateSubscription } from '../../../../src/engine/subscriptions/update';
import { newSubscriptionState, reconcileSubscriptions } from '../../../../src/engine/subscriptions/reconcile';
import type { SubscriptionState, UpdateDeps } from '../../../../src/engine/subscriptions/types';
import { generateKeyPair, signDetached, type KeyPair } from '../../../../src/engine/signing';
import { fakeServer } from './fake-server';
import { signedFor } from './signed-list';

const URL_ = 'https://lists.example/miners.txt';
const OTHER_URL = 'https://lists.example/other.txt';
const V1 = '||coinhive.com^\n';
const V2 = '||coinhive.com^\n||crypto-loot.example^\n';
const DAY = 86_400_000;

let server: ReturnType<typeof fakeServer>;
let clock: number;
let keys: KeyPair;

beforeEach(async () => {
  server = fakeServer();
  clock = 1_700_000_000_000;
  keys ??= await generateKeyPair();
});

function deps(over: Partial<UpdateDeps> = {}): UpdateDeps {
  return {
    fetch: server.fetch,
    now: () => clock,
    trustedKeys: [{ id: 'secops', publicKey: keys.publicKey }],
    requireSignature: false,
    random: () => 0.5,
    ...over,
  };
}

function publish(body: string, sig: string | null) {
  server.routes.set(URL_, () => new Response(body));
  if (sig === null) server.routes.delete(`${URL_}.sig`);
  else server.routes.set(`${URL_}.sig`, () => new Response(sig));
}

/** A subscription that has accepted V2 as signed release 5; signatures are optional for it. */
async function acceptedSignedV2(): Promise<SubscriptionState> {
  publish(V2, await signedFor(URL_, V2, keys.privateKey, { sequence: 5, now: clock }));
  const state = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps());
  expect(state.error).toBeUndefined();
  expect(state.lastGood).toMatchObject({ signedBy: 'secops', sequence: 5 });
  return state;
}

async function expectRefused(before: SubscriptionState, message: RegExp, over: Partial<UpdateDeps> = {}) {
  clock += DAY;
  const after = await updateSubscription(before, deps(over));
  expect(after.error?.kind).toBe('signature');
  expect(after.error?.message).toMatch(message);
  expect(after.lastGood).toEqual(before.lastGood);
  return after;
}

describe('signed releases: refusals', () => {
  it('refuses a replay of an older signed release', async () => {
    const good = await acceptedSignedV2();
    // V1 really was signed by the publisher, as release 4: still a replay now.
    publish(V1, await signedFor(URL_, V1, keys.privateKey, { sequence: 4, now: clock }));
    await expectRefused(good, /sequence 4 is older than release 5/);
  });

  it('refuses a release number reused for a different list', async () => {
    const good = await acceptedSignedV2();
    publish(V1, await signedFor(URL_, V1, keys.privateKey, { sequence: 5, now: clock }));
    await expectRefused(good, /sequence 5 was already accepted for a different list/);
  });

  it('refuses a list signed for another subscription', async () => {
    const good = await acceptedSignedV2();
    publish(V1, await signedFor(OTHER_URL, V1, keys.privateKey, { sequence: 9, now: clock }));
    await expectRefused(good, /signed for https:\/\/lists\.example\/other\.txt/);
  });

  it('refuses an expired release', async () => {
    const good = await acceptedSignedV2();
    const expires = new Date(clock + DAY / 2).toISOString();
    publish(V1, await signedFor(URL_, V1, keys.privateKey, { sequence: 6, expires }));
    await expectRefused(good, /expired/);
  });

  it('refuses an unsigned list once the subscription was signed, even where signatures are optional', async () => {
    const good = await acceptedSignedV2();
    publish(V1, null);
    await expectRefused(good, /a signature is required/);
  });

  it('stays signed-only after the kept list was dropped (signing key withdrawn, then restored)', async () => {
    const good = await acceptedSignedV2();
    const withdrawn = reconcileSubscriptions([good], [{ url: URL_ }], { now: clock, trustedKeys: [], requireSignature: false });
    expect(withdrawn[0].lastGood).toBeUndefined();
    publish(V1, null);
    const after = await updateSubscription(withdrawn[0], deps());
    expect(after.error?.kind).toBe('signature');
    expect(after.lastGood).toBeUndefined();
  });

  it('refuses a missing signature when the policy requires signatures on every list', async () => {
    publish(V1, null);
    const state = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps({ requireSignature: true }));
    expect(state.error?.kind).toBe('signature');
    expect(state.lastGood).toBeUndefined();
  });

  it('refuses the old bare signature of the list bytes, which carries no URL or sequence', async () => {
    publish(V1, await signDetached(new TextEncoder().encode(V1), keys.privateKey));
    const state = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps());
    expect(state.error?.kind).toBe('signature');
    expect(state.error?.message).toMatch(/old-style signature/);
  });
});

describe('signed releases: what is still accepted', () => {
  it('takes a newer release and raises the recorded sequence', async () => {
    const good = await acceptedSignedV2();
    clock += DAY;
    publish(V1, await signedFor(URL_, V1, keys.privateKey, { sequence: 6, now: clock }));
    const next = await updateSubscription(good, deps());
    expect(next.error).toBeUndefined();
    expect(next.signedRelease?.sequence).toBe(6);
    expect(next.lastGood).toMatchObject({ sequence: 6, signedBy: 'secops' });
  });

  it('takes the same release again (a server without ETag)', async () => {
    const good = await acceptedSignedV2();
    clock += DAY;
    const again = await updateSubscription(good, deps());
    expect(again.error).toBeUndefined();
    expect(again.signedRelease).toEqual(good.signedRelease);
  });
});
