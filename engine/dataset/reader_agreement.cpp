#include "engine/dataset/reader_agreement.h"

#include <algorithm>
#include <map>

namespace mr::dataset {

namespace {

struct Tally {
    AnnotatorAgreement a;
    double diceSum = 0;
    void addDice(double dice) {
        a.minDice = a.readings == 0 ? dice : std::min(a.minDice, dice);
        ++a.readings;
        diceSum += dice;
    }
};

// Who saved the sample first: revision 1 once it has revisions, else the sample's own annotator.
const std::string& savedFirstBy(const Sample& s) {
    return s.revisions.empty() ? s.annotator : s.revisions.front().annotator;
}

}  // namespace

bool awaitsAdjudication(const Sample& s) {
    std::string lastAdjudication, lastReading;
    bool adjudicated = false;
    for (const Revision& r : s.revisions)
        if (!r.decision.empty()) {
            adjudicated = true;
            lastAdjudication = std::max(lastAdjudication, r.savedAt);
        }
    for (const Reading& r : s.readings) lastReading = std::max(lastReading, r.savedAt);
    // ISO 8601 UTC times compare as text; an adjudication in the same second counts as after.
    return !s.readings.empty() && (!adjudicated || lastAdjudication < lastReading);
}

ReaderAgreement readerAgreement(const std::vector<Sample>& samples) {
    ReaderAgreement out;
    std::map<std::string, Tally> byName;
    std::map<std::pair<std::string, std::string>, std::pair<int, double>> byPair;  // count, Dice sum
    double diceSum = 0;
    for (const Sample& s : samples) {
        ++out.samples;
        const std::string& first = s.readings.empty() || s.readings.front().firstReader.empty()
                                       ? savedFirstBy(s)
                                       : s.readings.front().firstReader;
        ++byName[first].a.readFirst;
        std::vector<std::string> adjudicators;  // each once per sample
        for (const Revision& r : s.revisions)
            if (!r.decision.empty() &&
                std::find(adjudicators.begin(), adjudicators.end(), r.annotator) == adjudicators.end())
                adjudicators.push_back(r.annotator);
        for (const std::string& name : adjudicators) ++byName[name].a.adjudicated;
        if (s.readings.empty()) continue;
        ++out.samplesWithReading;
        for (const Reading& r : s.readings) {
            const std::string& firstReader = r.firstReader.empty() ? savedFirstBy(s) : r.firstReader;
            ++out.readings;
            diceSum += r.diceToFirst;
            ++byName[r.annotator].a.readSecond;
            byName[r.annotator].addDice(r.diceToFirst);
            if (firstReader != r.annotator) byName[firstReader].addDice(r.diceToFirst);
            auto& pair = byPair[{firstReader, r.annotator}];
            ++pair.first;
            pair.second += r.diceToFirst;
        }
        if (awaitsAdjudication(s)) ++out.awaitingAdjudication;
        else ++out.adjudicated;
    }
    if (out.readings > 0) out.meanDice = diceSum / out.readings;
    for (auto& [name, t] : byName) {
        t.a.annotator = name;
        if (t.a.readings > 0) t.a.meanDice = t.diceSum / t.a.readings;
        out.annotators.push_back(t.a);
    }
    for (const auto& [names, tally] : byPair)
        out.pairs.push_back(PairAgreement{names.first, names.second, tally.first, tally.second / tally.first});
    return out;
}

}  // namespace mr::dataset
