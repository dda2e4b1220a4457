package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.BlobStore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The blobs of a delivery: reads the received bytes (a blob that is not in the store makes the
 * record undeliverable) and stores the bytes of a forward or a DSN.
 */
@ApplicationScoped
public class BlobReader {

    private final BlobStore blobs;

    @Inject
    public BlobReader(BlobStore blobs) {
        this.blobs = blobs;
    }

    public byte[] read(LocalDelivery d) {
        return blobs.get(d.blobId()).orElseThrow(() -> new UndeliverableMessage(
                "blob " + d.blobId() + " of message " + d.messageId() + " is not in the store"));
    }

    /** The received bytes, or nothing when the blob is gone (a DSN then returns no part of the message). */
    public Optional<byte[]> find(LocalDelivery d) {
        return blobs.get(d.blobId());
    }

    public String put(byte[] raw) {
        return blobs.put(raw);
    }
}
