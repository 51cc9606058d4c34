import { read } from 'read';
import { NitkaError } from '../../shared/result';

/**
 * The case passphrase: NITKA_PASSPHRASE if set, else asked on the terminal without echo.
 * Never taken from a command-line argument, which other users can see in the process list.
 */
export async function obtainPassphrase(casePath: string, opts: { confirm: boolean }): Promise<string> {
  const fromEnv = process.env.NITKA_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new NitkaError('bad_input', `${casePath}: no passphrase: set NITKA_PASSPHRASE or run nitka in a terminal to be asked for it`);
  }
  const ask = (prompt: string) => read({ prompt, silent: true, replace: '', output: process.stderr });
  const first = await ask(`Passphrase for ${casePath}: `);
  if (first === '') throw new NitkaError('bad_input', `${casePath}: the passphrase must not be empty`);
  if (opts.confirm) {
    const second = await ask('Repeat the passphrase: ');
    if (second !== first) throw new NitkaError('bad_input', `${casePath}: the passphrases do not match`);
  }
  return first;
}
