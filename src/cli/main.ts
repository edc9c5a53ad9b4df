// `miner-sentry`: the engine on the command line, for admins and CI pipelines.
import { scanCommand } from './scan';
import { rulesCommand } from './rules';
import { UsageError } from './args';
import { keygenCommand, signCommand, verifyCommand } from './sign';

const USAGE = `usage:
  miner-sentry scan <file|dir>... [--json] [--rules <list>]
      verdict per .wasm/.js file (Wasm embedded in JS as base64 or byte arrays included);
      exit 1 when a miner is found
  miner-sentry rules check <list> [--partial] [--verbose]
      validate a rule list (native JSON, Adblock Plus / uBlock, hosts); exit 1 on errors
  miner-sentry rules compile <list> --dnr <out.json> [--partial]
      compile a list to declarativeNetRequest rules
  miner-sentry rules sign <list> --key <file.key> --url <subscription url>
                          [--sequence <n>] [--expires <date> | --valid-days <n>] [--out <list>.sig]
      sign a manifest (URL, release sequence, expiry, sha256) of the list with Ed25519
  miner-sentry rules verify <list> --pub <file.pub|base64> [--sig <list>.sig] [--url <url>]
      check a list against its signed manifest; exit 1 when it does not verify
  miner-sentry keygen [--out <prefix>]
      make a signing key pair: <prefix>.key (private, mode 0600) and <prefix>.pub`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'scan') return await scanCommand(rest);
    if (command === 'keygen') return await keygenCommand(rest);
    if (command === 'rules' && rest[0] === 'sign') return await signCommand(rest.slice(1));
    if (command === 'rules' && rest[0] === 'verify') return await verifyCommand(rest.slice(1));
    if (command === 'rules') return await rulesCommand(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`miner-sentry: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  console.error(USAGE);
  return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}
