package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;

import org.junit.jupiter.api.Test;

class StoreExceptionTest {

    @Test
    void unreachableStoreIsAnOutageWhereverItSitsInTheCauseChain() {
        assertThat(StoreException.isOutage(new MongoTimeoutException("no server"))).isTrue();
        assertThat(StoreException.isOutage(new StoreException("read failed",
                new MongoSocketOpenException("refused", new ServerAddress())))).isTrue();
    }

    @Test
    void otherFailuresAreNotOutages() {
        assertThat(StoreException.isOutage(new StoreException("blob x is missing chunk 1"))).isFalse();
        assertThat(StoreException.isOutage(new MongoException(2, "bad value"))).isFalse();
        assertThat(StoreException.isOutage(new IllegalStateException())).isFalse();
    }
}
