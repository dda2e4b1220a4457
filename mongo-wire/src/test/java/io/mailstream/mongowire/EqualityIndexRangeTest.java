package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A compound {@link EqualityIndex} returns, for an equality on its first field and a range or an
 * {@code $in} on its second, the documents whose number falls in it, and every document whose
 * second field holds no plain number; the collection matches them afterwards.
 */
class EqualityIndexRangeTest {

    private static final long BIG = 1L << 53;

    private EqualityIndex<Integer> index;

    /** Positions 0..99: mailbox m1 with modSeq = position, as an Integer, a Long or a Double in turn; 100..199 in m2. */
    @BeforeEach
    void fill() {
        index = modSeqIndex();
        for (int i = 0; i < 100; i++) {
            Object modSeq = switch (i % 3) {
                case 0 -> i;
                case 1 -> (long) i;
                default -> (double) i;
            };
            index.add(doc("d" + i, "m1", modSeq), i, null);
            index.add(doc("e" + i, "m2", (long) i), 100 + i, null);
        }
    }

    @Test
    void returnsTheDocumentsInTheRangeInTheOrderOfTheNumber() {
        assertThat(positions("$gt", 95)).containsExactly(96, 97, 98, 99);
        assertThat(positions("$gt", 95.5)).containsExactly(96, 97, 98, 99);
        assertThat(positions("$gte", 95L)).containsExactly(95, 96, 97, 98, 99);
        assertThat(positions("$lt", 3.0)).containsExactly(0, 1, 2);
        assertThat(positions("$lte", 3)).containsExactly(0, 1, 2, 3);
        assertThat(positions(range("$gt", 10, "$lte", 12.5))).containsExactly(11, 12);
        assertThat(positions(range("$gte", 10L, "$lt", 13))).containsExactly(10, 11, 12);
    }

    @Test
    void anEmptyRangeReturnsNothingOfTheMailbox() {
        assertThat(positions(range("$gt", 10, "$lt", 10))).isEmpty();
        assertThat(positions(range("$gte", 10, "$lt", 10))).isEmpty();
        assertThat(positions(range("$gt", 20, "$lt", 10))).isEmpty();
        assertThat(positions(range("$gte", 10, "$lte", 10))).containsExactly(10);
        assertThat(positions("$gt", 1000)).isEmpty();
        assertThat(index.getPositions(new Document("mailboxId", "nope").append("modSeq", new Document("$gt", 1))))
                .isEmpty();
    }

    @Test
    void theTightestOfSeveralBoundsOnOneSideServes() {
        assertThat(positions(range("$gt", 90, "$gte", 95))).containsExactly(95, 96, 97, 98, 99);
        assertThat(positions(range("$gte", 95, "$gt", 95))).containsExactly(96, 97, 98, 99);
        assertThat(positions(range("$lt", 5, "$lte", 2))).containsExactly(0, 1, 2);
    }

    @Test
    void inReturnsTheDocumentsOfItsNumbersWhateverTheirType() {
        assertThat(positions("$in", List.of(7L, 5, 9.0, 1000))).containsExactly(5, 7, 9);
        assertThat(positions("$in", List.of())).isEmpty();
        assertThat(positions(range("$in", List.of(5, 7, 9), "$gt", 6))).containsExactly(7, 9);
        assertThat(positions(range("$eq", 42L, "$ne", 41))).containsExactly(42);
    }

    @Test
    void servesTheFormTheDriverWritesFiltersAndIn() {
        Document and = new Document("$and", List.of(new Document("mailboxId", "m2"),
                new Document("modSeq", new Document("$gte", 98))));
        assertThat(index.getPositions(and)).containsExactly(198, 199);
    }

    @Test
    void documentsWithoutAPlainNumberAreReturnedForEveryRange() {
        index.add(new Document("_id", "missing").append("mailboxId", "m1"), 1000, null);
        index.add(doc("null", "m1", null), 1001, null);
        index.add(doc("array", "m1", List.of(1, 200)), 1002, null);
        index.add(doc("string", "m1", "300"), 1003, null);
        index.add(doc("nan", "m1", Double.NaN), 1004, null);
        index.add(doc("float", "m1", 500f), 1005, null);
        index.add(doc("noMailbox", null, 400), 1006, null);
        index.add(doc("otherMailbox", "m2", "300"), 1007, null);
        List<Integer> always = List.of(1006, 1000, 1001, 1002, 1003, 1004, 1005);
        assertThat(positions("$gt", 98)).containsExactlyInAnyOrderElementsOf(plus(always, 99));
        assertThat(positions("$lt", -1)).containsExactlyInAnyOrderElementsOf(always);
        assertThat(positions("$in", List.of(3))).containsExactlyInAnyOrderElementsOf(plus(always, 3));

        index.remove(new Document("_id", "array"));
        index.remove(new Document("_id", "nan"));
        assertThat(positions("$lt", -1)).containsExactlyInAnyOrder(1006, 1000, 1001, 1003, 1005);
    }

    @Test
    void aBoundThatIsNotAPlainNumberReturnsTheWholeMailbox() {
        for (Document condition : List.of(new Document("$gt", "a"), new Document("$gt", 5).append("$lt", "z"),
                new Document("$gt", Double.NaN), new Document("$gte", 5f), new Document("$in", Arrays.asList(1, null)),
                new Document("$in", List.of(1, "1")), new Document("$regex", "x"), new Document("sub", 1))) {
            Document query = new Document("mailboxId", "m1").append("modSeq", condition);
            assertThat(index.getPositions(query)).as(condition.toString()).hasSize(100);
            assertThat(index.narrowing(query)).isEqualTo(1);
        }
        assertThat(index.narrowing(new Document("mailboxId", "m1").append("modSeq", new Document("$gt", 5))))
                .isEqualTo(2);
    }

    @Test
    void anUpdateMovesTheDocumentInTheOrder() {
        // a flag change stamps the message with a new MODSEQ in place
        index.updateInPlace(doc("d5", "m1", 5), doc("d5", "m1", 500L), 5, null);
        assertThat(positions("$gt", 98)).containsExactly(99, 5);
        assertThat(positions("$lt", 7)).containsExactly(0, 1, 2, 3, 4, 6);

        index.updateInPlace(doc("d5", "m1", 500L), doc("d5", "m1", List.of(500L)), 5, null);
        assertThat(positions("$lt", 1)).containsExactly(5, 0);
        index.updateInPlace(doc("d5", "m1", List.of(500L)), doc("d5", "m2", 5.0), 5, null);
        assertThat(positions("$lt", 1)).containsExactly(0);
        assertThat(index.getPositions(new Document("mailboxId", "m2").append("modSeq", new Document("$in", List.of(5)))))
                .containsExactlyInAnyOrder(5, 105);

        index.remove(doc("d5", null, null));
        index.remove(doc("e5", null, null));
        assertThat(index.getPositions(new Document("mailboxId", "m2").append("modSeq", new Document("$in", List.of(5)))))
                .isEmpty();
    }

    @Test
    void documentsSharingANumberAreAllReturnedAndRemovedOneByOne() {
        index.add(doc("same1", "m1", 50L), 1000, null);
        index.add(doc("same2", "m1", 50.0), 1001, null);
        assertThat(positions("$in", List.of(50))).containsExactly(50, 1000, 1001);
        index.remove(doc("d50", null, null));
        index.remove(doc("same2", null, null));
        assertThat(positions(range("$gte", 50, "$lte", 50))).containsExactly(1000);
        index.remove(doc("same1", null, null));
        assertThat(positions("$in", List.of(50))).isEmpty();
    }

    @Test
    void numbersCompareByValueAtTheEdgesOfDoubles() {
        index.add(doc("negativeZero", "m3", -0.0), 1, null);
        index.add(doc("bigPlusOne", "m3", BIG + 1), 2, null);
        index.add(doc("big", "m3", BIG), 3, null);
        index.add(doc("infinity", "m3", Double.POSITIVE_INFINITY), 4, null);
        Document query = new Document("mailboxId", "m3");
        assertThat(index.getPositions(query.append("modSeq", new Document("$in", List.of(0))))).containsExactly(1);
        // BIG + 1 is BIG as a double: the two share a key, in the order they came
        assertThat(index.getPositions(query.append("modSeq", new Document("$gte", 0L)))).containsExactly(1, 2, 3, 4);
        assertThat(index.getPositions(query.append("modSeq", new Document("$lte", -0.0)))).containsExactly(1);
        // so a strict bound there has to keep both for the matcher
        assertThat(index.getPositions(query.append("modSeq", new Document("$gt", BIG)))).containsExactly(2, 3, 4);
        assertThat(index.getPositions(query.append("modSeq", new Document("$lt", BIG + 1)))).containsExactly(1, 2, 3);
        assertThat(index.getPositions(query.append("modSeq", new Document("$gt", Double.NEGATIVE_INFINITY))))
                .containsExactly(1, 2, 3, 4);
        assertThat(index.getPositions(query.append("modSeq", new Document("$gt", BIG - 2)))).containsExactly(2, 3, 4);
        assertThat(index.getPositions(query.append("modSeq", new Document("$lt", BIG - 2)))).containsExactly(1);
    }

    @Test
    void theCollectionReadsFromTheIndexThatNarrowsMost() {
        EqualityIndex<Integer> byUid = new EqualityIndex<>("uid", keys("mailboxId", "uid"));
        EqualityIndex<Integer> byModSeq = modSeqIndex();
        EqualityIndex<Integer> byOwner = new EqualityIndex<>("owner", keys("owner"));
        HashUniqueIndex<Integer> byId = new HashUniqueIndex<>("_id_", keys("_id"), false);
        List<Index<Integer>> indexes = List.of(byId, byUid, byModSeq, byOwner);
        assertThat(IndexedReads.narrowest(indexes, query("modSeq", "$gt", 5))).isSameAs(byModSeq);
        assertThat(IndexedReads.narrowest(indexes, query("uid", "$gt", 5))).isSameAs(byUid);
        assertThat(IndexedReads.narrowest(indexes, query("uid", "$in", List.of(1, 2)))).isSameAs(byUid);
        assertThat(IndexedReads.narrowest(indexes, new Document("mailboxId", "m1"))).isSameAs(byUid);
        assertThat(IndexedReads.narrowest(indexes, query("modSeq", "$gt", "x"))).isSameAs(byUid);
        assertThat(IndexedReads.narrowest(indexes, new Document("mailboxId", "m1").append("modSeq", 3)))
                .isSameAs(byModSeq);
        assertThat(IndexedReads.narrowest(indexes, new Document("owner", "bob"))).isSameAs(byOwner);
        assertThat(IndexedReads.narrowest(indexes, new Document("_id", "d1"))).isNull(); // the library's unique index
        assertThat(IndexedReads.narrowest(indexes, new Document("flags", "x"))).isNull();
    }

    private List<Integer> positions(String operator, Object bound) {
        return positions(new Document(operator, bound));
    }

    private List<Integer> positions(Document condition) {
        Document query = new Document("mailboxId", "m1").append("modSeq", condition);
        assertThat(index.canHandle(query)).isTrue();
        List<Integer> out = new java.util.ArrayList<>();
        index.getPositions(query).forEach(out::add);
        return out;
    }

    private static Document range(String op1, Object bound1, String op2, Object bound2) {
        return new Document(op1, bound1).append(op2, bound2);
    }

    private static Document query(String field, String operator, Object bound) {
        return new Document("mailboxId", "m1").append(field, new Document(operator, bound));
    }

    private static List<Integer> plus(List<Integer> list, int... more) {
        List<Integer> out = new java.util.ArrayList<>(list);
        Arrays.stream(more).forEach(out::add);
        return out;
    }

    private static EqualityIndex<Integer> modSeqIndex() {
        return new EqualityIndex<>("modSeq", keys("mailboxId", "modSeq"));
    }

    private static List<IndexKey> keys(String... fields) {
        return Arrays.stream(fields).map(f -> new IndexKey(f, true)).toList();
    }

    private static Document doc(String id, Object mailboxId, Object modSeq) {
        Document d = new Document("_id", id);
        if (mailboxId != null) {
            d.append("mailboxId", mailboxId);
        }
        return d.append("modSeq", modSeq);
    }
}
