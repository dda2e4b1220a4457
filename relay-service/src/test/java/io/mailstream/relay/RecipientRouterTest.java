package io.mailstream.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoTimeoutException;

import io.mailstream.core.Retrier.Failure;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.store.StoreException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RecipientRouterTest {

    private static final Instant ACCEPTED = Instant.parse("2024-05-01T10:00:00Z");
    private final List<String> lookups = new ArrayList<>();
    private final RecipientRouter router = new RecipientRouter(domain -> {
        lookups.add(domain);
        return Set.of("example.test", "other.test").contains(domain);
    });

    private static MessageAccepted accepted(String... recipients) {
        return new MessageAccepted(1, "m1", "blob1", 123, "sender@remote.example", List.of(recipients), ACCEPTED,
                "192.0.2.1", "client.example", null);
    }

    @Test
    void localRecipientsGetOneDeliveryPerOwnerCarryingTheMessageReference() {
        Routes routes = router.route(accepted("Alice@Example.TEST", "bob@other.test", "alice@example.test"));
        assertThat(routes.local()).extracting(LocalDelivery::owner)
                .containsExactly("alice@example.test", "bob@other.test");
        LocalDelivery alice = routes.local().get(0);
        assertThat(alice.recipient()).isEqualTo("Alice@Example.TEST");
        assertThat(alice).extracting(LocalDelivery::messageId, LocalDelivery::blobId, LocalDelivery::size,
                LocalDelivery::sender, LocalDelivery::acceptedAt)
                .containsExactly("m1", "blob1", 123L, "sender@remote.example", ACCEPTED);
        assertThat(alice.deliveryId()).isEqualTo("m1/alice@example.test");
        assertThat(routes.remote()).isEmpty();
    }

    @Test
    void remoteDeliveriesCarrySmtputf8AndTheDsnParametersOfTheirOwnRecipients() {
        MessageAccepted m = new MessageAccepted(1, "m1", "blob1", 123, "sender@remote.example",
                List.of("carol@Remote.EXAMPLE", "eve@far.example"), ACCEPTED, "192.0.2.1", "client.example", null,
                true, "FULL", "ENV1", List.of(new MessageAccepted.RecipientDsn("carol@Remote.EXAMPLE", "NEVER",
                        "rfc822;carol@Remote.EXAMPLE")));

        List<RemoteDelivery> remote = router.route(m).remote();

        assertThat(remote).allSatisfy(d -> {
            assertThat(d.smtpUtf8()).isTrue();
            assertThat(d.dsnRet()).isEqualTo("FULL");
            assertThat(d.dsnEnvid()).isEqualTo("ENV1");
        });
        assertThat(remote.get(0).recipientDsn()).containsExactly(new MessageAccepted.RecipientDsn(
                "carol@remote.example", "NEVER", "rfc822;carol@Remote.EXAMPLE"));
        assertThat(remote.get(1).recipientDsn()).isEmpty();
    }

    @Test
    void localCopiesCarryTheMessagesAndTheirOwnRecipientsDsnParameters() {
        MessageAccepted m = new MessageAccepted(1, "m1", "blob1", 123, "sender@remote.example",
                List.of("Alice@Example.TEST", "bob@example.test"), ACCEPTED, "192.0.2.1", "client.example", null,
                false, "HDRS", "ENV2", List.of(new MessageAccepted.RecipientDsn("Alice@Example.TEST", "NEVER",
                        "rfc822;Alice@Example.TEST")));

        List<LocalDelivery> local = router.route(m).local();

        assertThat(local).extracting(LocalDelivery::dsnRet, LocalDelivery::dsnEnvid)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("HDRS", "ENV2"));
        assertThat(local.get(0)).extracting(LocalDelivery::notifyOn, LocalDelivery::orcpt)
                .containsExactly("NEVER", "rfc822;Alice@Example.TEST");
        assertThat(local.get(1)).extracting(LocalDelivery::notifyOn, LocalDelivery::orcpt).containsExactly(null, null);
    }

    @Test
    void remoteRecipientsAreGroupedByDomainWithoutDuplicates() {
        Routes routes = router.route(accepted("carol@remote.example", "alice@example.test", "dave@Remote.EXAMPLE",
                "eve@far.example", "carol@REMOTE.example"));
        assertThat(routes.remote()).extracting(RemoteDelivery::domain).containsExactly("remote.example", "far.example");
        assertThat(routes.remote().get(0).recipients()).containsExactly("carol@remote.example", "dave@remote.example");
        assertThat(routes.remote().get(1).recipients()).containsExactly("eve@far.example");
        assertThat(routes.remoteRecipients()).isEqualTo(3);
        assertThat(routes.local()).hasSize(1);
    }

    @Test
    void theDirectoryIsAskedOncePerDomain() {
        router.route(accepted("a@example.test", "b@Example.test", "c@far.example", "d@far.example"));
        assertThat(lookups).containsExactly("example.test", "far.example");
    }

    @Test
    void aRecipientThatIsNoAddressIsReportedNotRouted() {
        Routes routes = router.route(accepted("no-at-sign", "alice@example.test"));
        assertThat(routes.unroutable()).extracting(Routes.Unroutable::recipient).containsExactly("no-at-sign");
        assertThat(routes.local()).hasSize(1);
    }

    @Test
    void aRecordWithoutBlobCannotBeRouted() {
        MessageAccepted noBlob = new MessageAccepted(1, "m2", null, 0, "", List.of("a@example.test"), ACCEPTED,
                null, null, null);
        assertThatThrownBy(() -> router.route(noBlob)).isInstanceOf(UnroutableMessage.class).hasMessageContaining("m2");
    }

    @Test
    void directoryFailurePropagatesSoTheRecordIsRetried() {
        RecipientRouter down = new RecipientRouter(domain -> {
            throw new StoreException("directory read failed",
                    new MongoTimeoutException("no server"));
        });
        assertThatThrownBy(() -> down.route(accepted("a@example.test")))
                .isInstanceOfSatisfying(RuntimeException.class,
                        e -> assertThat(InboundConsumer.CLASSIFY.apply(e)).isEqualTo(Failure.OUTAGE));
        assertThat(InboundConsumer.CLASSIFY.apply(new UnroutableMessage("x"))).isEqualTo(Failure.PERMANENT);
        assertThat(InboundConsumer.CLASSIFY.apply(new IllegalStateException())).isEqualTo(Failure.TRANSIENT);
    }
}
