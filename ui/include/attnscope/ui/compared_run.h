#pragma once
#include <QString>
#include <vector>

#include "attnscope/io/results_io.h"

namespace attnscope {

// A saved run opened beside the points on screen: overlaid on the timing plot and given columns in the
// Compare tab, under its label.
struct ComparedRun {
    QString path;   // absolute; opening the same file again replaces its run
    QString label;  // the engine ("pytorch"), or the file's name where the engine is ours or already taken
    SavedResults results;
};

// The label a run gets among those already open: its engine when that is not attnscope and not yet used,
// else its file name, made unique with " (2)", " (3)"… .
QString comparedRunLabel(const SavedResults& results, const QString& fileName,
                         const std::vector<ComparedRun>& open);

}  // namespace attnscope
