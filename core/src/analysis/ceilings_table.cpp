#include "attnscope/analysis/ceilings_table.h"

#include "attnscope/analysis/text_table.h"
#include "attnscope/config/attention_config.h"

namespace attnscope {

namespace {

std::string figure(const MeasuredValue& value) {
    return value.measured() ? formatFixed(value.value, 1) : "—";
}

std::string threadsLabel(int threads) {
    return std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

std::string bytesText(std::uint64_t bytes) {
    return formatBytes(static_cast<double>(bytes));
}

std::string cachesLine(const MachineTopology& topology) {
    if (topology.caches.empty()) return "caches: none reported";
    std::string line = "caches:";
    for (const CacheLevel& cache : topology.caches) {
        line += (&cache == &topology.caches.front() ? " L" : ", L") + std::to_string(cache.level) + " " +
                cache.type + " " + bytesText(cache.bytes) + " ×" + std::to_string(topology.instances(cache));
        if (cache.num_sharing > 1) line += " (each shared by " + threadsLabel(cache.num_sharing) + ")";
    }
    return line;
}

}  // namespace

TableData ceilingsTableData(const MachineCeilings& ceilings) {
    const bool many = ceilings.threads > 1;
    TableData table;
    table.header = {"ceiling", "unit", threadsLabel(1)};
    if (many) table.header.push_back(threadsLabel(ceilings.threads));
    table.header.push_back("notes");
    auto addRow = [&](std::string name, const char* unit, const MeasuredValue& one, const MeasuredValue& all,
                      std::string note) {
        std::vector<std::string> row = {std::move(name), unit, figure(one)};
        if (many) row.push_back(figure(all));
        // The reason replaces the note when nothing was measured; a figure missing on many threads only says
        // so.
        if (!one.measured()) {
            note = one.missing;
        } else if (many && !all.measured()) {
            note += "; " + threadsLabel(ceilings.threads) + ": " + all.missing;
        }
        row.push_back(std::move(note));
        table.rows.push_back(std::move(row));
    };
    for (const FmaPeak& peak : ceilings.fma) {
        addRow("FMA peak " + peak.isa, "GFLOP/s", peak.one_thread, peak.many_threads,
               "per thread: " + std::to_string(kFmaChains) + " independent FMA chains");
    }
    for (const Bandwidth& level : ceilings.bandwidth) {
        std::string note = "working set " + bytesText(level.one_thread_bytes);
        if (many) note += " / " + bytesText(level.per_thread_bytes) + " per thread";
        addRow(level.level + " bandwidth", "GB/s", level.one_thread, level.many_threads, std::move(note));
    }
    return table;
}

std::string formatCeilings(const MachineCeilings& ceilings) {
    const MachineTopology& topology = ceilings.topology;
    std::string text = ceilings.cpu_model + ": " + std::to_string(topology.physical_cores) +
                       " physical cores, " + std::to_string(topology.hardware_threads) +
                       " hardware threads; measured " + ceilings.measured_at + "\n";
    text += cachesLine(topology) + "\n";
    text += ceilings.clock_ghz.measured() ? "clock ≈ " + formatFixed(ceilings.clock_ghz.value, 2) +
                                                " GHz (a dependent chain of scalar FMAs, " + "assuming " +
                                                std::to_string(kFmaLatencyCycles) + " cycles each)\n"
                                          : "clock: " + ceilings.clock_ghz.missing + "\n";
    text += '\n';
    text += renderText(ceilingsTableData(ceilings));
    text += "\nBandwidth: a[i] = b[i] + s·c[i] with " + ceilings.triad_isa +
            " vectors, counting 12 bytes per element (two loads, one store; the write-allocate read is not "
            "counted). Each figure is the best of " +
            std::to_string(kCeilingRepetitions) + " repetitions of at least " +
            formatFixed(kCeilingRepetitionSeconds * 1e3, 0) + " ms.\n";
    return text;
}

std::vector<std::vector<std::string>> ceilingSummaryRows(const MachineCeilings& ceilings) {
    auto figure = [](const MeasuredValue& value, const char* unit) {
        return value.measured() ? formatFixed(value.value, 1) + " " + unit : "missing: " + value.missing;
    };
    const std::string many = " (1 thread / " + std::to_string(ceilings.threads) + ")";
    std::vector<std::vector<std::string>> rows;
    if (const FmaPeak* peak = ceilings.widestFma()) {
        rows.push_back({"FMA peak, " + peak->isa + many,
                        figure(peak->one_thread, "GFLOP/s") + " / " + figure(peak->many_threads, "GFLOP/s")});
    }
    for (const Bandwidth& level : ceilings.bandwidth) {
        if (level.level != "L2" && level.level != "DRAM") continue;
        rows.push_back({level.level + " bandwidth (triad)" + many,
                        figure(level.one_thread, "GB/s") + " / " + figure(level.many_threads, "GB/s")});
    }
    if (ceilings.clock_ghz.measured())
        rows.push_back({"clock (estimated)", figure(ceilings.clock_ghz, "GHz")});
    rows.push_back({"ceilings measured", ceilings.measured_at});
    return rows;
}

}  // namespace attnscope
