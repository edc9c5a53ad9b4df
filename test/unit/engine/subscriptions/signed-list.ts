import { sha256Hex } from '../../../../src/engine/signing';
import { signEnvelope, type ListManifest } from '../../../../src/engine/subscriptions/envelope';

const DAY = 86_400_000;

/** The `.sig` file a publisher would serve for `body` at `url`, with manifest fields overridable. */
export function signedFor(url: string, body: string, privateKey: string, over: Partial<ListManifest> & { now?: number } = {}): Promise<string> {
  const { now = 1_700_000_000_000, ...fields } = over;
  return signEnvelope({
    url,
    sequence: 1,
    expires: new Date(now + 30 * DAY).toISOString(),
    sha256: sha256Hex(new TextEncoder().encode(body)),
    ...fields,
  }, privateKey);
}
