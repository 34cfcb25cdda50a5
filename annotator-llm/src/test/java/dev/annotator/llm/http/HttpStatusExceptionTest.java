package dev.annotator.llm.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpStatusExceptionTest {

    @Test
    void should_read_retry_after_in_milliseconds_seconds_or_as_a_date() {
        assertThat(new HttpStatusException(429, "", Map.of("retry-after-ms", List.of("250"), "Retry-After", List.of("1")))
                .retryAfter()).hasValue(Duration.ofMillis(250));
        assertThat(new HttpStatusException(429, "", Map.of("retry-after", List.of("2"))).retryAfter())
                .hasValue(Duration.ofSeconds(2));
        assertThat(new HttpStatusException(429, "", Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT")))
                .retryAfter()).hasValue(Duration.ZERO);
        assertThat(new HttpStatusException(429, "", Map.of("Retry-After", List.of("soon"))).retryAfter()).isEmpty();
        assertThat(new HttpStatusException(500, "", Map.of()).retryAfter()).isEmpty();
    }
}
