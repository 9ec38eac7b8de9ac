package org.bridgekeeper.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written ISO text is the formatters' text, in every zone, century and fraction. */
class TimestampsTest {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private static String byFormatters(ZonedDateTime t) {
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int us = t.getNano() / 1000;
        if (us != 0) {
            sb.append('.').append(String.format("%06d", us));
        }
        return sb.append(OFFSET.format(t)).toString();
    }

    @Test
    void sameTextAsTheFormattersEverywhere() {
        List<ZoneId> zones = new ArrayList<>();
        ZoneId.getAvailableZoneIds().stream().sorted().forEach(z -> zones.add(ZoneId.of(z)));
        // Offsets with seconds, under a minute, and negative ones.
        for (int seconds : new int[] {0, 30, -30, 59, -59, 60, -60, 2670, -2670, 19800, -34200, 64800, -64800}) {
            zones.add(ZoneOffset.ofTotalSeconds(seconds));
        }
        Random random = new Random(11);
        for (ZoneId zone : zones) {
            for (int i = 0; i < 40; i++) {
                long second = random.nextLong(-62_135_000_000L, 253_402_000_000L);
                int nano = i % 3 == 0 ? 0 : random.nextInt(1_000_000) * 1000;
                ZonedDateTime t = Instant.ofEpochSecond(second, nano).atZone(zone);
                assertEquals(byFormatters(t), Timestamps.isoText(t), t.toString());
            }
        }
        for (String edge : new String[] {"0000-06-01T00:00:00Z", "-0001-01-01T10:00:00.5Z", "9999-12-31T23:59:59.000001Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-12-02T11:45:00.123Z"}) {
            for (ZoneId zone : new ZoneId[] {ZoneOffset.UTC, ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata")}) {
                ZonedDateTime t = Instant.parse(edge).atZone(zone);
                assertEquals(byFormatters(t), Timestamps.isoText(t), t.toString());
            }
        }
    }

    @Test
    void microsecondsWithoutBigDecimalAreBigDecimalsMicroseconds() {
        Random random = new Random(5);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0000005, 1.0000015, 2.5e-6, 3.5e-6, -2.5e-6, 0.5e-6,
                1.5e-6, 1e-7, 1764675855.123, 1764675855.1234565, -1764675855.9999995, 9.999999e15, 1e17, 1e30, 5e-324,
                Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL));
        for (int i = 0; i < 20000; i++) {
            double magnitude = Math.pow(10, random.nextInt(-9, 14));
            values.add((random.nextDouble() - 0.3) * magnitude);
            // Exactly on a half microsecond, as far as the decimal digits go.
            values.add((random.nextInt(2_000_000_000) + 0.5) / 1_000_000.0);
        }
        for (double d : values) {
            java.math.BigDecimal exact = java.math.BigDecimal.valueOf(d).movePointRight(6)
                    .setScale(0, java.math.RoundingMode.HALF_EVEN);
            Long fast = Timestamps.micros(d);
            if (exact.abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 10)) < 0) {
                assertEquals(exact.longValueExact(), fast, Double.toString(d));
            } else if (fast != null) {
                assertEquals(exact, java.math.BigDecimal.valueOf(fast), Double.toString(d));
            }
        }
    }
}
