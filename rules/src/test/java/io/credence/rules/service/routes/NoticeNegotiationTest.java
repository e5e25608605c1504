package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which form of the notice an {@code Accept} header asks for (RFC 9110, 12.5.1). */
class NoticeNegotiationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "text/html                                                   | HTML",
        "application/pdf                                             | PDF",
        "TEXT/HTML; charset=utf-8                                    | HTML",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | HTML",
        "application/pdf, text/html;q=0.5                            | PDF",
        "text/html;q=0.4, application/pdf;q=0.9                      | PDF",
        "*/*                                                         | HTML",
        "application/*                                               | PDF",
        "text/*;q=0.3, application/*;q=0.2                           | HTML",
        "*/*;q=0.1, application/pdf;q=0                              | HTML",
        "application/json                                            | NONE",
        "text/plain, image/png                                       | NONE",
        "text/html;q=0, application/pdf;q=0                          | NONE",
        "*/*;q=0                                                     | NONE",
        "text/html;q=oops                                            | NONE",
        "garbage                                                     | NONE",
    })
    void theFormIsTheAcceptableOneOfHigherQuality(String accept, String form) {
        assertEquals(Optional.ofNullable(form).map(NoticeHttp.Form::valueOf), NoticeHttp.negotiate(accept));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {"NONE", "' '"})
    void noAcceptHeaderAcceptsAnyTypeSoHtml(String accept) {
        assertEquals(Optional.of(NoticeHttp.Form.HTML), NoticeHttp.negotiate(accept));
    }
}
