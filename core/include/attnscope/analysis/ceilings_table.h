#pragma once
#include <string>

#include "attnscope/analysis/result_tables.h"
#include "attnscope/measuring/machine_ceilings.h"

namespace attnscope {

// One row per ceiling: the FMA peak of each ISA, then the triad's bandwidth per memory level, on 1 thread
// and on ceilings.threads (one column when that is 1); a figure that could not be measured shows "—" and
// the reason.
TableData ceilingsTableData(const MachineCeilings& ceilings);

// The machine (model, cores, caches, clock) in a few lines, the table, and how the figures were counted.
std::string formatCeilings(const MachineCeilings& ceilings);

}  // namespace attnscope
