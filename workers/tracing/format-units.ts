/**
 * Base units as a decimal string with `decimals` places, trailing zeros dropped: 600000000n with
 * 6 decimals is "600", 500000n is "0.5". Exact for any size. ethers' formatUnits always keeps one
 * fractional digit ("600.0"), which reads as false precision in a report and differs from how the
 * explorers print amounts, so this is the one to show investigators.
 */
export function formatUnits(base: bigint, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`decimals must be a whole number ≥ 0, not ${decimals}`);
  const negative = base < 0n;
  const digits = (negative ? -base : base).toString();
  const sign = negative ? '-' : '';
  if (decimals === 0) return sign + digits;
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return sign + whole + (fraction ? `.${fraction}` : '');
}
