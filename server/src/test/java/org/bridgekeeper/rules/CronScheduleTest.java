package org.bridgekeeper.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.bridgekeeper.error.AwsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** AWS's cron dialect (shared/reference/cron.md, and the examples of AWS's documentation). */
class CronScheduleTest {

    @ParameterizedTest(name = "cron({0})")
    @ValueSource(strings = {"0 10 * * ? *", "15 12 * * ? *", "0 18 ? * MON-FRI *", "0 8 1 * ? *", "0/15 * * * ? *",
        "0/10 * ? * MON-FRI *", "0/5 8-17 ? * MON-FRI *", "0 9 ? * 2#1 *", "0 0 L * ? *", "0 0 ? * 6L *",
        "0 0 3W * ? *", "0 0 LW * ? *", "0 12 1 JAN,JUL ? 2027-2030", "*/5 * * * ? *", "0 0 1 1 ? 2199"})
    void acceptsWhatAwsAccepts(String fields) {
        CronSchedule.parse(fields);
    }

    @ParameterizedTest(name = "cron({0})")
    @ValueSource(strings = {"0 10 * * * *", "0 10 ? * ? *", "7 20 * * 1-7 *", "0 10 * *", "0 10 * * ? * *",
        "60 10 * * ? *", "0 24 * * ? *", "0 10 32 * ? *", "0 10 * 13 ? *", "0 10 ? * 8 *", "0 10 * * ? 2200",
        "0 10 * * ? 1969", "0 9 ? * 2#1,3#2 *", "0 10 * * ? x", "0 10 * * ? ${jndi}", ""})
    void refusesWhatAwsRefuses(String fields) {
        AwsException e = assertThrows(AwsException.class, () -> CronSchedule.parse(fields));
        assertEquals("Parameter ScheduleExpression is not valid.", e.getMessage());
    }

    @ParameterizedTest(name = "cron({0}) after {1}")
    @CsvSource({
        "0 18 ? * MON-FRI *, 2026-12-04T18:00:00Z, 2026-12-07T18:00:00Z", // Friday -> Monday
        "0 9 ? * 2 *,        2026-12-02T00:00:00Z, 2026-12-07T09:00:00Z", // 2 is MON: not a day late
        "0 9 ? * 1 *,        2026-12-02T00:00:00Z, 2026-12-06T09:00:00Z", // 1 is SUN
        "0 9 ? * 2#1 *,      2026-12-08T00:00:00Z, 2027-01-04T09:00:00Z", // first Monday
        "0 0 L * ? *,        2027-02-01T00:00:00Z, 2027-02-28T00:00:00Z", // last day of the month
        "0 0 ? * 6L *,       2026-12-01T00:00:00Z, 2026-12-25T00:00:00Z", // last Friday
        "0 0 3W * ? *,       2026-12-31T00:00:00Z, 2027-01-04T00:00:00Z", // Jan 3 is a Sunday
        "0/15 * * * ? *,     2026-12-02T10:07:00Z, 2026-12-02T10:15:00Z",
        "0 10 * * ? *,       2026-12-02T10:00:00Z, 2026-12-03T10:00:00Z", // strictly after
    })
    void firesAtAwssTimesInUtc(String fields, String after, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), CronSchedule.parse(fields.strip()).next(Instant.parse(after)));
    }

    @org.junit.jupiter.api.Test
    void aScheduleOfPastYearsNeverFires() {
        assertEquals(Optional.empty(), CronSchedule.parse("0 0 1 1 ? 2020").next(Instant.parse("2026-12-02T00:00:00Z")));
    }
}
