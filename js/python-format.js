// Numbers written as the posts' Python writes them: format(x, ".Nf") and format(x, ".Ng"),
// digit for digit.
//
// Python rounds the exact binary value of a double, half to even. JavaScript's toFixed and
// toExponential round the same exact value but send a tie away from zero: 3.625 is exactly
// halfway between 3.62 and 3.63, and Python prints 3.62 where toFixed gives 3.63. So the
// double is expanded here into its exact decimal digits (a BigInt) and rounded from those.

/** The exact value of |value| (finite) as digits / 10^scale, digits a BigInt. */
function exactDecimal(value) {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, Math.abs(value));
  const high = bits.getUint32(0);
  const biased = high >>> 20;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
  let exponent = -1074; // subnormal numbers: mantissa * 2^-1074
  if (biased > 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  // mantissa * 2^-k = mantissa * 5^k / 10^k: a finite decimal, every digit exact.
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** digits / 10^drop rounded half to even (drop < 0 multiplies). */
function roundHalfEven(digits, drop) {
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const unit = 10n ** BigInt(drop);
  const [quotient, twice] = [digits / unit, 2n * (digits % unit)];
  return twice > unit || (twice === unit && quotient % 2n === 1n) ? quotient + 1n : quotient;
}

/** `digits` (a BigInt) with a decimal point `decimals` places from the right. */
function pointed(digits, decimals) {
  const text = digits.toString().padStart(decimals + 1, "0");
  return decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

function special(value) {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return null;
}

function checkArguments(value, name, count, least) {
  if (typeof value !== "number") throw new TypeError(`value must be a number, got ${typeof value}`);
  if (!Number.isInteger(count) || count < least) {
    throw new RangeError(`${name} must be an integer of at least ${least}, got ${count}`);
  }
}

// Python keeps the sign of a negative number that rounds to zero, and of -0.0.
const sign = (value) => (value < 0 || Object.is(value, -0) ? "-" : "");

/** `value` as Python's format(value, ".{decimals}f") writes it: 3.625 with 2 gives "3.62". */
export function formatFixed(value, decimals) {
  checkArguments(value, "decimals", decimals, 0);
  const text = special(value);
  if (text) return text;
  const { digits, scale } = exactDecimal(value);
  return sign(value) + pointed(roundHalfEven(digits, scale - decimals), decimals);
}

/** `value` as Python's format(value, ".{precision}g") writes it, e.g. 1e-06, 6.43e+09, 0.01. */
export function formatG(value, precision = 6) {
  checkArguments(value, "precision", precision, 1);
  const text = special(value);
  if (text) return text;
  if (value === 0) return `${sign(value)}0`;
  const { digits, scale } = exactDecimal(value);
  const length = digits.toString().length;
  let rounded = roundHalfEven(digits, length - precision);
  let exponent = length - 1 - scale; // of the leading digit
  if (rounded.toString().length > precision) { // 9.99 -> 10.0: one digit more
    rounded /= 10n;
    exponent += 1;
  }
  const trim = (written) => (written.includes(".") ? written.replace(/\.?0+$/, "") : written);
  if (exponent >= -4 && exponent < precision) {
    return sign(value) + trim(pointed(rounded, precision - 1 - exponent));
  }
  const power = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return `${sign(value)}${trim(pointed(rounded, precision - 1))}e${power}`;
}
