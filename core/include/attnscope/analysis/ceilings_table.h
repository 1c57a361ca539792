#pragma once
#include <string>

#include "attnscope/analysis/result_tables.h"
#include "attnscope/measuring/machine_ceilings.h"

namespace attnscope {

// One row per ceiling: the FMA peak of each ISA, then the triad's bandwidth per memory level, on 1 thread
// and on ceilings.threads (one column when that is 1); a figure that could not be measured shows "—" and
// the reason.
TableData ceilingsTableData(const MachineCeilings& ceilings);

// The roofs in a few name/value rows, for the report's machine table and Help → About: the widest ISA's FMA
// peak, the L2 and DRAM triads (1 thread / ceilings.threads), the clock and when they were measured.
std::vector<std::vector<std::string>> ceilingSummaryRows(const MachineCeilings& ceilings);

// The machine (model, cores, caches, clock) in a few lines, the table, and how the figures were counted.
std::string formatCeilings(const MachineCeilings& ceilings);

}  // namespace attnscope
