package io.mailstream.relay.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.relay.smtp.SmtpReply;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one table from a reply to a recipient's fate. */
class DeliveryClassifierTest {

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            250 | 2.1.5 ok                          | DELIVERED | 2.1.5
            251 | user not local; will forward      | DELIVERED | 2.0.0
            250 | queued as 12345                   | DELIVERED | 2.0.0
            421 | 4.3.2 service shutting down       | DEFERRED  | 4.3.2
            450 | 4.2.1 mailbox busy                | DEFERRED  | 4.2.1
            451 | 4.7.1 greylisted, try again       | DEFERRED  | 4.7.1
            452 | 4.5.3 too many recipients         | DEFERRED  | 4.5.3
            452 | insufficient storage              | DEFERRED  | 4.0.0
            550 | 5.1.1 no such user                | BOUNCED   | 5.1.1
            550 | mailbox unavailable               | BOUNCED   | 5.0.0
            551 | 5.1.6 user has moved              | BOUNCED   | 5.1.6
            552 | 5.2.2 mailbox full                | BOUNCED   | 5.2.2
            552 | 5.5.3 too many recipients         | DEFERRED  | 4.5.3
            553 | 5.1.3 bad address syntax          | BOUNCED   | 5.1.3
            554 | 5.7.1 rejected by policy          | BOUNCED   | 5.7.1
            550 | 4.7.1 code and status disagree    | BOUNCED   | 5.7.1
            450 | 5.1.1 code and status disagree    | DEFERRED  | 4.1.1
            354 | start mail input                  | DEFERRED  | 4.5.0
            220 | 2.0.0 ready                       | DELIVERED | 2.0.0
            199 | odd                               | DEFERRED  | 4.5.0
            600 | 6.0.0 not a reply code            | DEFERRED  | 4.5.0
            """)
    void classifies(int code, String text, Outcome outcome, String status) {
        SmtpReply reply = new SmtpReply(code, List.of(text), false);

        assertThat(DeliveryClassifier.outcome(reply)).isEqualTo(outcome);
        assertThat(DeliveryClassifier.status(reply)).isEqualTo(status);
    }

    @ParameterizedTest(name = "local {0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            451 | 4.4.1  | DEFERRED | connection refused
            451 | 4.4.3  | DEFERRED | DNS SERVFAIL
            550 | 5.1.10 | BOUNCED  | null MX
            550 | 5.1.2  | BOUNCED  | NXDOMAIN
            554 | 5.4.6  | BOUNCED  | loop
            552 | 5.3.4  | BOUNCED  | message too big for the server
            553 | 5.6.7  | BOUNCED  | SMTPUTF8 unavailable
            451 | 4.7.4  | DEFERRED | required TLS missing
            """)
    void localFailuresGoThroughTheSameRule(int code, String status, Outcome outcome, String why) {
        SmtpReply reply = SmtpReply.local(code, status, why);

        assertThat(DeliveryClassifier.outcome(reply)).isEqualTo(outcome);
        assertThat(DeliveryClassifier.status(reply)).isEqualTo(status);
    }
}
