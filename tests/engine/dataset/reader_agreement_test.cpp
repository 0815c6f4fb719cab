// Reader agreement on hand-made samples: the counts and Dice per annotator, per pair and overall
// worked out by hand from the readings and adjudications below.
#include "engine/dataset/reader_agreement.h"

#include <gtest/gtest.h>

using namespace mr::dataset;

namespace {

Reading reading(const std::string& second, const std::string& first, double dice, const std::string& at) {
    Reading r;
    r.annotator = second;
    r.firstReader = first;
    r.maskFile = "masks/x_reader2.png";
    r.diceToFirst = dice;
    r.savedAt = at;
    return r;
}

Revision revision(int number, const std::string& annotator, const std::string& decision, const std::string& at) {
    Revision r;
    r.number = number;
    r.annotator = annotator;
    r.decision = decision;
    r.savedAt = at;
    return r;
}

Sample sample(const std::string& id, const std::string& annotator) {
    Sample s;
    s.id = id;
    s.annotator = annotator;
    return s;
}

}  // namespace

TEST(ReaderAgreement, CountsAndDicePerAnnotatorPairAndOverall) {
    std::vector<Sample> samples;
    // 1: alice, read by bob (0.8), adjudicated by judge after the reading.
    Sample s1 = sample("000001", "judge");
    s1.revisions = {revision(1, "alice", "", "2026-01-01T09:00:00Z"),
                    revision(2, "judge", "second", "2026-01-01T11:00:00Z")};
    s1.readings = {reading("bob", "alice", 0.8, "2026-01-01T10:00:00Z")};
    samples.push_back(s1);
    // 2: alice, read by carol (0.6), not adjudicated.
    Sample s2 = sample("000002", "alice");
    s2.readings = {reading("carol", "alice", 0.6, "2026-01-01T10:00:00Z")};
    samples.push_back(s2);
    // 3: bob, no reading.
    samples.push_back(sample("000003", "bob"));
    // 4: bob, read by alice (0.5), adjudicated, then read again by carol (0.9): waiting again.
    Sample s4 = sample("000004", "judge");
    s4.revisions = {revision(1, "bob", "", "2026-01-01T09:00:00Z"),
                    revision(2, "judge", "first", "2026-01-01T11:00:00Z")};
    s4.readings = {reading("alice", "bob", 0.5, "2026-01-01T10:00:00Z"),
                   reading("carol", "bob", 0.9, "2026-01-01T12:00:00Z")};
    samples.push_back(s4);
    // 5: an imported record without an annotator.
    samples.push_back(sample("case_5", ""));

    const ReaderAgreement a = readerAgreement(samples);
    EXPECT_EQ(a.samples, 5);
    EXPECT_EQ(a.samplesWithReading, 3);
    EXPECT_EQ(a.readings, 4);
    EXPECT_NEAR(a.meanDice, (0.8 + 0.6 + 0.5 + 0.9) / 4, 1e-12);
    EXPECT_EQ(a.adjudicated, 1);
    EXPECT_EQ(a.awaitingAdjudication, 2);

    ASSERT_EQ(a.annotators.size(), 5u);
    const AnnotatorAgreement& unnamed = a.annotators[0];
    EXPECT_EQ(unnamed.annotator, "");
    EXPECT_EQ(unnamed.readFirst, 1);
    EXPECT_EQ(unnamed.readings, 0);
    EXPECT_EQ(unnamed.meanDice, 0);

    const AnnotatorAgreement& alice = a.annotators[1];
    EXPECT_EQ(alice.annotator, "alice");
    EXPECT_EQ(alice.readFirst, 2);
    EXPECT_EQ(alice.readSecond, 1);
    EXPECT_EQ(alice.adjudicated, 0);
    EXPECT_EQ(alice.readings, 3);
    EXPECT_NEAR(alice.meanDice, (0.8 + 0.6 + 0.5) / 3, 1e-12);
    EXPECT_DOUBLE_EQ(alice.minDice, 0.5);

    const AnnotatorAgreement& bob = a.annotators[2];
    EXPECT_EQ(bob.annotator, "bob");
    EXPECT_EQ(bob.readFirst, 2);
    EXPECT_EQ(bob.readSecond, 1);
    EXPECT_EQ(bob.readings, 3);
    EXPECT_NEAR(bob.meanDice, (0.8 + 0.5 + 0.9) / 3, 1e-12);
    EXPECT_DOUBLE_EQ(bob.minDice, 0.5);

    const AnnotatorAgreement& carol = a.annotators[3];
    EXPECT_EQ(carol.annotator, "carol");
    EXPECT_EQ(carol.readFirst, 0);
    EXPECT_EQ(carol.readSecond, 2);
    EXPECT_NEAR(carol.meanDice, 0.75, 1e-12);
    EXPECT_DOUBLE_EQ(carol.minDice, 0.6);

    const AnnotatorAgreement& judge = a.annotators[4];
    EXPECT_EQ(judge.annotator, "judge");
    EXPECT_EQ(judge.readFirst, 0);
    EXPECT_EQ(judge.adjudicated, 2);
    EXPECT_EQ(judge.readings, 0);

    ASSERT_EQ(a.pairs.size(), 4u);
    EXPECT_EQ(a.pairs[0].first, "alice");
    EXPECT_EQ(a.pairs[0].second, "bob");
    EXPECT_EQ(a.pairs[0].readings, 1);
    EXPECT_DOUBLE_EQ(a.pairs[0].meanDice, 0.8);
    EXPECT_EQ(a.pairs[1].second, "carol");
    EXPECT_DOUBLE_EQ(a.pairs[1].meanDice, 0.6);
    EXPECT_EQ(a.pairs[2].first, "bob");
    EXPECT_EQ(a.pairs[2].second, "alice");
    EXPECT_DOUBLE_EQ(a.pairs[2].meanDice, 0.5);
    EXPECT_EQ(a.pairs[3].second, "carol");
    EXPECT_DOUBLE_EQ(a.pairs[3].meanDice, 0.9);
}

TEST(ReaderAgreement, NoReadingsGiveZerosAndEveryAnnotatorAsFirstReader) {
    const ReaderAgreement a = readerAgreement({sample("1", "alice"), sample("2", "alice")});
    EXPECT_EQ(a.samples, 2);
    EXPECT_EQ(a.samplesWithReading, 0);
    EXPECT_EQ(a.meanDice, 0);
    EXPECT_EQ(a.adjudicated + a.awaitingAdjudication, 0);
    ASSERT_EQ(a.annotators.size(), 1u);
    EXPECT_EQ(a.annotators[0].readFirst, 2);
    EXPECT_TRUE(a.pairs.empty());
}
