package org.bridgekeeper.cli.py;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest digits that round-trip (which is also what
 * {@link Double#toString} picks since JDK 19, but where it keeps a second digit, see below),
 * laid out fixed when the decimal exponent is in (-4, 16], else as {@code d.ddde+XX}:
 * {@code 1e+16}, {@code 1700000000.0}, {@code 1e-05}, {@code 5e-324}.
 */
final class FloatRepr {
    private FloatRepr() {}

    static String repr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        String java = Double.toString(Math.abs(d));
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int decpt = dot + exponent; // value = 0.<digits> * 10^decpt, before trimming
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        decpt -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        // Java keeps two digits where one round-trips but is not the nearest two-digit number
        // (4.9E-324, 9.9E-324); Python has the one (5e-324, 1e-323).
        while (digits.length() > 1) {
            BigDecimal shorter = new BigDecimal(Math.abs(d))
                    .round(new MathContext(digits.length() - 1, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != Math.abs(d)) {
                break;
            }
            String unscaled = shorter.unscaledValue().toString();
            decpt = unscaled.length() - shorter.scale();
            int trimmed = unscaled.length();
            while (trimmed > 1 && unscaled.charAt(trimmed - 1) == '0') {
                trimmed--;
            }
            digits = unscaled.substring(0, trimmed);
        }

        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
        }
        int n = digits.length();
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= n) {
                out.append(digits).append("0".repeat(decpt - n)).append(".0");
            } else {
                out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
            }
        } else {
            out.append(digits.charAt(0));
            if (n > 1) {
                out.append('.').append(digits, 1, n);
            }
            int exp = decpt - 1;
            out.append(exp < 0 ? "e-" : "e+");
            if (Math.abs(exp) < 10) {
                out.append('0');
            }
            out.append(Math.abs(exp));
        }
        return out.toString();
    }
}
