package org.bridgekeeper.rules;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bridgekeeper.error.Errors;

/**
 * A {@code cron(...)} schedule in AWS's dialect: six fields, all required (minutes, hours, day of
 * month, month, day of week, year), Quartz's syntax without seconds, day of week 1-7 = SUN-SAT,
 * exactly one of day of month and day of week {@code ?}, years 1970-2199, UTC. cron-utils, with a
 * definition of exactly that, computes the fire times; the checks cron-utils does not make are
 * made here first. Every refusal is AWS's one text, never the library's.
 */
final class CronSchedule {

    private static final CronDefinition AWS = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            // AWS numbers days 1 (SUN) to 7 (SAT); without the Monday value every numeric day fires a day late.
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL()
            .supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2199).and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();

    private static final CronParser PARSER = new CronParser(AWS);

    /** What a field may hold at all: digits, names, and the operators of the dialect. */
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z,\\-*/?#]+");

    private final ExecutionTime times;

    private CronSchedule(ExecutionTime times) {
        this.times = times;
    }

    /**
     * The schedule of {@code cron(<fields>)}; AWS's ValidationException otherwise.
     *
     * @param fields what is between the parentheses
     */
    static CronSchedule parse(String fields) {
        String[] parts = fields.trim().split(" +");
        if (parts.length != 6) {
            throw Errors.scheduleNotValid();
        }
        for (String part : parts) {
            if (!FIELD.matcher(part).matches()) {
                throw Errors.scheduleNotValid();
            }
        }
        // AWS: one of day of month and day of week is '?', never both and never neither.
        if (parts[2].equals("?") == parts[4].equals("?")) {
            throw Errors.scheduleNotValid();
        }
        // AWS allows one '#' expression in the day of week, not a list of them.
        if (parts[4].contains("#") && parts[4].contains(",")) {
            throw Errors.scheduleNotValid();
        }
        try {
            Cron cron = PARSER.parse(String.join(" ", parts));
            cron.validate();
            return new CronSchedule(ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw Errors.scheduleNotValid();
        }
    }

    /** The first fire time strictly after {@code after}, in UTC; empty when there is none (a past year). */
    Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }
}
