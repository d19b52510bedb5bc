package dev.secondaryorigin.task;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpDateTest {
    @Test
    void writesImfFixdateWithATwoDigitDayInGmt() {
        assertEquals("Tue, 01 Dec 2026 09:05:03 GMT", HttpDate.format(Instant.parse("2026-12-01T09:05:03Z")));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.format(0));
    }
}
