#pragma once
// How far the readers of a dataset agree: per annotator, per pair of readers and overall, from the
// samples' blind second readings (Sample::readings) and adjudications (Revision::decision). What
// `medreasoner dataset stats` prints; no files are read.
#include <string>
#include <vector>

#include "engine/dataset/sample.h"

namespace mr::dataset {

struct AnnotatorAgreement {
    std::string annotator;  // "" for samples saved without a name (imported records)
    // Samples they read first: whose mask the readings were compared with (Reading::firstReader);
    // for a sample without a reading, who saved it first (revision 1).
    int readFirst = 0;
    int readSecond = 0;                // samples they read blind as a second (third, ...) reader
    int adjudicated = 0;               // samples they adjudicated (a revision of theirs with a decision)
    int readings = 0;                  // readings they took part in, as first or as second reader
    double meanDice = 0, minDice = 0;  // agreement Dice with the other reader over those readings; 0 when none
};

struct PairAgreement {
    std::string first, second;  // the first reader and the second reader
    int readings = 0;
    double meanDice = 0;
};

struct ReaderAgreement {
    int samples = 0;
    int samplesWithReading = 0;    // samples with at least one second reading
    int readings = 0;              // all readings (a sample may have more than one)
    double meanDice = 0;           // over all readings; 0 when none
    int adjudicated = 0;           // samples with a reading whose latest reading has an adjudication after it
    int awaitingAdjudication = 0;  // samples with a reading and no adjudication since their latest reading
    std::vector<AnnotatorAgreement> annotators;  // by name
    std::vector<PairAgreement> pairs;            // by first reader, then second reader
};

ReaderAgreement readerAgreement(const std::vector<Sample>& samples);

// Whether a sample has a reading and no adjudication at or after its latest one.
bool awaitsAdjudication(const Sample& sample);

}  // namespace mr::dataset
