package org.bridgekeeper.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output format against bytes printed by AWS CLI 2.9.19: the stdout of the golden
 * transcripts, and cases generated with the CLI's own formatter code (unicode, odd strings,
 * numbers, nesting, colour, narrow and wide terminals, anchors, the CLI's own crashes).
 */
class FormatterGoldenTest {
    static Stream<GoldenCase> transcripts() {
        return GoldenCase.all("transcripts");
    }

    static Stream<GoldenCase> generated() {
        return GoldenCase.all("formats");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void matchesTranscript(GoldenCase c) throws Exception {
        assertEquals(c.expected(), c.run());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void matchesAwsCli(GoldenCase c) throws Exception {
        if (c.error() != null) {
            OutputException e = assertThrows(OutputException.class, c::run);
            assertEquals(c.error(), e.getMessage());
        } else {
            assertEquals(c.expected(), c.run());
        }
    }
}
