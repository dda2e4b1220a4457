package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.BlobStore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The blobs of a delivery: reads the received bytes (a blob that is not in the store makes the
 * record undeliverable) and stores the bytes of a forward.
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

    public String put(byte[] raw) {
        return blobs.put(raw);
    }
}
