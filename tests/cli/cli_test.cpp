// The command line as a user meets it: every bad argument gets a one-line message and exit code 2, runs
// produce parseable output, and eval --dump writes what the engine computed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "attnscope/config/config_fields.h"
#include "attnscope/io/npy.h"
#include "attnscope/io/results_io.h"
#include "attnscope/kernels/kernels.h"

namespace attnscope {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

struct CommandRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

CommandRun attnscope(const std::string& arguments) {
    // peak and report write measured ceilings to the cache directory: the tests' own unless a test set one.
    setenv("XDG_CACHE_HOME", ATTNSCOPE_TEST_CACHE_HOME, 0);
    const std::string command = std::string(ATTNSCOPE_BINARY) + " " + arguments + " 2>&1";
    CommandRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe)) run.output += buffer.data();
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("attnscope-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string readFile(const fs::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

struct UsageCase {
    const char* name;
    const char* arguments;
    int exit_code;
    const char* message;
};

const UsageCase kUsageCases[] = {
    {"help", "--help", 0, "Commands (attnscope COMMAND --help for each)"},
    {"version", "--version", 0, "attnscope 0.1.0"},
    {"bench_help", "bench --help", 0, "--n-range <range>"},
    {"compare_help", "compare --help", 0, "Usage: attnscope compare"},
    {"unknown_command", "frob", 2, "unknown command 'frob'; commands: bench, eval, compare, report, peak"},
    {"unknown_option", "bench --frob", 2, "Unknown option 'frob'"},
    {"n_zero", "bench --n 0", 2, "--n: n = 0 is out of range: allowed 1 to 4194304"},
    {"n_not_a_number", "bench --n many", 2, "--n: expected an integer"},
    {"beta_above_n", "bench --method xformer --n 8 --beta 9", 2,
     "--beta: beta = 9 is out of range: allowed 1 to 8 (at most n)"},
    {"alpha_above_head_dim", "bench --method xformer --d 64 --heads 4 --alpha 17", 2,
     "--alpha: alpha = 17 is out of range: allowed 1 to 16"},
    {"heads_not_divisor", "bench --d 64 --heads 5", 2, "--heads: heads = 5 does not divide d = 64"},
    {"unknown_method", "bench --method flash", 2,
     "--method: unknown method 'flash'; allowed: quadratic, linear"},
    {"bad_format", "bench --format xml", 2, "--format: expected table, csv or json, got 'xml'"},
    {"bad_range", "bench --n-range 1:2:3", 2, "--n-range: expected START:STOP:xFACTOR or START:STOP:+STEP"},
    {"bad_min_time", "bench --min-time -1", 2, "--min-time: expected seconds from 0 to 3600"},
    {"threads_negative", "bench --threads -1", 2, "--threads: expected an integer from 0 to"},
    {"peak_threads_negative", "peak --threads -1", 2, "--threads: expected an integer from 0 to"},
    {"peak_threads_not_a_number", "peak --threads all", 2, "--threads: expected an integer from 0 to"},
    {"peak_threads_too_many", "peak --threads 100000", 2, "--threads: expected an integer from 0 to"},
    {"peak_bad_format", "peak --format csv", 2, "--format: expected table or json, got 'csv'"},
    {"memory", "bench --method quadratic --batch 65536 --n 1000000 --d 4096", 2, "needs about"},
    {"unknown_preset", "bench --preset nope", 2,
     "no preset named \"nope\"; built-in presets: favor-error, notebook, xformer-table"},
    {"preset_and_config", "bench --preset notebook --n 5", 2, "--preset sets the configs itself"},
    {"missing_npy", "bench --q /nonexistent.npy", 2, "--q: /nonexistent.npy: cannot open"},
    {"compare_one_file", "compare a.json", 2, "expected two results files or more, got 1"},
    {"compare_missing_file", "compare /nonexistent-a.json /nonexistent-b.json", 1,
     "cannot read /nonexistent-a.json"},
    {"eval_two_methods", "eval --method softmax,linear", 2, "eval runs exactly one method"},
    {"eval_head_out_of_range", "eval --method softmax --heads 2 --d 8 --head 2", 2,
     "--head: expected an integer from 0 to 1"},
    {"out_unwritable",
     "bench --n 4 --d 2 --method linear --min-time 0 --max-reps 1 --quiet --out /proc/attnscope/x.json", 1,
     "cannot write /proc/attnscope/x.json"},
};

void PrintTo(const UsageCase& c, std::ostream* os) {
    *os << c.arguments;
}

class Usage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(Usage, ExitCodeAndMessage) {
    const UsageCase& c = GetParam();
    const CommandRun run = attnscope(c.arguments);
    EXPECT_EQ(run.exit_code, c.exit_code) << run.output;
    EXPECT_THAT(run.output, HasSubstr(c.message));
}

INSTANTIATE_TEST_SUITE_P(Cli, Usage, ::testing::ValuesIn(kUsageCases),
                         [](const auto& info) { return std::string(info.param.name); });

// Qt wraps --help into indented columns; one space for every run of blanks lets a test read it as prose.
std::string collapsedSpaces(const std::string& text) {
    std::string collapsed;
    for (char c : text) {
        const bool blank = std::isspace(static_cast<unsigned char>(c));
        if (!blank || (!collapsed.empty() && collapsed.back() != ' ')) collapsed += blank ? ' ' : c;
    }
    return collapsed;
}

// Every config field of the table is an option of bench and eval, with its help, range and default.
TEST(Cli, HelpListsEveryConfigFieldWithItsRangeAndDefault) {
    for (const char* command : {"bench", "eval"}) {
        const CommandRun run = attnscope(std::string(command) + " --help");
        ASSERT_EQ(run.exit_code, 0) << run.output;
        const std::string help = collapsedSpaces(run.output);
        for (const ConfigField& field : configFields()) {
            // Qt lists one-letter options with one dash: "-n <n>".
            const std::string key(field.key);
            const std::string option = (key.size() == 1 ? "-" : "--") + key + " <" + key + "> ";
            const std::size_t at = help.find(option);
            ASSERT_NE(at, std::string::npos) << command << ": no " << option << "in\n" << run.output;
            const std::string entry = help.substr(at, help.find(" -", at + option.size()) - at);
            EXPECT_THAT(entry, HasSubstr(collapsedSpaces(std::string(field.help)))) << command;
            EXPECT_THAT(entry, HasSubstr("Allowed: " + field.rangeText())) << command;
            EXPECT_THAT(entry, HasSubstr("(default " + field.defaultText() + ").")) << command;
            if (!field.appliesToAll()) {
                EXPECT_THAT(entry, HasSubstr("used by " + field.methodsText() + " only"));
            }
        }
        EXPECT_THAT(help, HasSubstr("(default quadratic,linear,softmax)"));
    }
}

// Without options a run uses the table's defaults, the window's starting point.
TEST(Cli, DefaultsAreTheTables) {
    const CommandRun run = attnscope("eval --method xformer --n 16 --d 8");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const AttentionConfig defaults = defaultConfig();
    EXPECT_THAT(run.output, HasSubstr("xformer/batch:" + std::to_string(defaults.batch) +
                                      "/n:16/d:8/heads:" + std::to_string(defaults.heads) +
                                      "/alpha:" + std::to_string(defaults.alpha) +
                                      "/beta:" + std::to_string(defaults.beta)));
}

TEST(Cli, BenchJsonParsesAndComparesWithItself) {
    TempDir dir;
    const std::string quick = " --d 8 --min-time 0 --max-reps 3 --quiet --format json --out ";
    ASSERT_EQ(
        attnscope("bench --method softmax,linear --n-range 16:64:x2" + quick + (dir.path / "a.json").string())
            .exit_code,
        0);
    ASSERT_EQ(
        attnscope("bench --method softmax,linear --n-range 16:64:x2" + quick + (dir.path / "b.json").string())
            .exit_code,
        0);
    const SavedResults saved = parseResultsJson(readFile(dir.path / "a.json"), "a.json");
    ASSERT_EQ(saved.benchmarks.size(), 6u);
    EXPECT_EQ(saved.benchmarks[0].samples_ms.size(), 3u);
    EXPECT_EQ(saved.engine, "attnscope");
    const CommandRun compare =
        attnscope("compare " + (dir.path / "a.json").string() + " " + (dir.path / "b.json").string());
    EXPECT_EQ(compare.exit_code, 0);
    EXPECT_THAT(compare.output, HasSubstr("6 benchmarks paired by name"));
    // A second write to the same file is refused without --force, and the first file is kept.
    const CommandRun again =
        attnscope("bench --method linear --n 4 --d 2" + quick + (dir.path / "a.json").string());
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_THAT(again.output, HasSubstr("exists; use --force"));
    EXPECT_EQ(parseResultsJson(readFile(dir.path / "a.json"), "a.json").benchmarks.size(), 6u);
}

// ATTNSCOPE_ISA picks the kernels' variant: the run's JSON says which ran, and a value the
// kernels cannot follow gets one line on stderr naming the choices, not an error.
TEST(Cli, KernelIsaIsChosenByEnvironmentAndRecorded) {
    TempDir dir;
    const auto benchWith = [&](const char* isa, const std::string& file) {
        setenv("ATTNSCOPE_ISA", isa, 1);
        CommandRun run = attnscope(
            "bench --method softmax --d 8 --n 16 --min-time 0 --max-reps 2 --format json "
            "--quiet --out " +
            (dir.path / file).string());
        unsetenv("ATTNSCOPE_ISA");
        return run;
    };
    const auto recordedIsa = [&](const std::string& file) {
        return nlohmann::json::parse(readFile(dir.path / file))["context"]["attnscope"]["kernel_isa"];
    };
    const CommandRun generic = benchWith("generic", "generic.json");
    ASSERT_EQ(generic.exit_code, 0) << generic.output;
    EXPECT_EQ(recordedIsa("generic.json"), "generic");
    const CommandRun unknown = benchWith("sse9", "unknown.json");
    ASSERT_EQ(unknown.exit_code, 0) << unknown.output;
    EXPECT_THAT(unknown.output, HasSubstr("ATTNSCOPE_ISA=sse9 is not one of generic, avx2, avx512"));
    EXPECT_NE(recordedIsa("unknown.json"), "generic");
}

// Three runs: the first is the baseline and every other gets its time, speed-up and p; --label names the
// columns. A file with no benchmarks, or one that pairs with nothing, is an error, not an empty table.
TEST(Cli, CompareThreeRunsWithLabels) {
    TempDir dir;
    const std::string quick = " --d 8 --min-time 0 --max-reps 3 --quiet --format json --out ";
    for (const char* name : {"a.json", "b.json", "c.json"}) {
        ASSERT_EQ(
            attnscope("bench --method softmax,linear --n-range 16:32:x2" + quick + (dir.path / name).string())
                .exit_code,
            0);
    }
    const std::string a = (dir.path / "a.json").string();
    const std::string b = (dir.path / "b.json").string();
    const std::string c = (dir.path / "c.json").string();
    const CommandRun three = attnscope("compare --label base --label second " + a + " " + b + " " + c);
    ASSERT_EQ(three.exit_code, 0) << three.output;
    EXPECT_THAT(three.output, HasSubstr("base ms"));
    EXPECT_THAT(three.output, HasSubstr("second speed-up"));
    EXPECT_THAT(three.output, HasSubstr("c.json speed-up")) << "unlabelled files go by their name";
    EXPECT_THAT(three.output, HasSubstr("4 benchmarks paired by name with second"));
    EXPECT_THAT(three.output, HasSubstr("4 benchmarks paired by name with c.json"));

    const CommandRun labels = attnscope("compare --label x --label y --label z " + a + " " + b);
    EXPECT_EQ(labels.exit_code, 2);
    EXPECT_THAT(labels.output, HasSubstr("--label given 3 times for 2 files"));

    std::ofstream(dir.path / "empty.json") << R"({"context": {}, "benchmarks": []})";
    const CommandRun empty = attnscope("compare " + a + " " + (dir.path / "empty.json").string());
    EXPECT_EQ(empty.exit_code, 1);
    EXPECT_THAT(empty.output, HasSubstr("empty.json: no benchmarks with times in it"));

    std::ofstream(dir.path / "other.json")
        << R"({"benchmarks": [{"name": "BM_x", "run_type": "iteration", "real_time": 1, "time_unit": "ms"}]})";
    const CommandRun unpaired = attnscope("compare " + a + " " + (dir.path / "other.json").string());
    EXPECT_EQ(unpaired.exit_code, 1);
    EXPECT_THAT(unpaired.output, HasSubstr("is in " + (dir.path / "other.json").string() +
                                           ": benchmarks pair by name (e.g. softmax/batch:"));
}

// Found while testing exports as root: QSaveFile renamed its temporary file over /dev/full. A special file
// (here a FIFO, harmless if this regresses) is refused and left as it was, even with --force.
TEST(Cli, OutputOverASpecialFileIsRefused) {
    TempDir dir;
    const fs::path fifo = dir.path / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const CommandRun run = attnscope(
        "bench --method linear --n 4 --d 2 --min-time 0 --max-reps 1 --quiet --force --out " + fifo.string());
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_THAT(run.output, HasSubstr("is not a regular file"));
    EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST(Cli, BenchCsvHasOneRowPerPoint) {
    const CommandRun run = attnscope(
        "bench --method performer --n-range 8:32:+8 --batch 1 --d 4 --min-time 0 --max-reps 2 --quiet "
        "--format csv");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 5) << run.output;
    EXPECT_THAT(run.output, HasSubstr("performer/batch:1/n:32/d:4/heads:1/features:6/threads:"));
}

// --counters: every point's _median entry carries the counts per call; a machine without a PMU (these VMs)
// gets one notice for the whole run on stderr, not one per point, and null hardware fields.
TEST(Cli, BenchCountersJsonHasTheCountsAndOneNotice) {
    TempDir dir;
    const fs::path out = dir.path / "counted.json";
    const CommandRun run = attnscope(
        "bench --method softmax,linear --n-range 16:32:x2 --d 8 --min-time 0 --max-reps 3 --quiet --counters "
        "--format json --out " +
        out.string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const nlohmann::json root = nlohmann::json::parse(readFile(out));
    int medians = 0;
    bool hardware = false;
    for (const nlohmann::json& entry : root["benchmarks"]) {
        if (entry.value("aggregate_name", "") != "median") continue;
        ++medians;
        ASSERT_TRUE(entry.contains("counters")) << entry.dump();
        const nlohmann::json& counters = entry["counters"];
        EXPECT_GT(counters["calls"].get<long>(), 0);
        EXPECT_GT(counters["task_clock_time"].get<double>(), 0);
        EXPECT_GT(counters["busy_cores"].get<double>(), 0);
        EXPECT_GE(counters["page_faults"].get<double>(), 0);
        for (const char* key :
             {"context_switches", "cycles", "instructions", "llc_misses", "ipc", "ghz", "dram_bytes"}) {
            EXPECT_TRUE(counters.contains(key)) << key;
        }
        hardware = !counters["cycles"].is_null();
    }
    EXPECT_EQ(medians, 4);
    const std::string notice =
        "hardware counters unavailable on this machine: no PMU exposed (ENOENT); software counters only";
    std::size_t notices = 0;
    for (auto at = run.output.find(notice); at != std::string::npos; at = run.output.find(notice, at + 1)) {
        ++notices;
    }
    EXPECT_EQ(notices, hardware ? 0u : 1u) << run.output;
    // Without --counters the field is absent.
    const CommandRun plain =
        attnscope("bench --method linear --n 16 --d 8 --min-time 0 --max-reps 2 --quiet --format json");
    ASSERT_EQ(plain.exit_code, 0) << plain.output;
    EXPECT_EQ(plain.output.find("\"counters\""), std::string::npos);
}

TEST(Cli, SweepOverNPrintsTheFittedSlopes) {
    const CommandRun run = attnscope(
        "bench --method softmax,linear --n-range 16:64:x2 --batch 1 --d 4 --min-time 0 --max-reps 2 --quiet");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output, HasSubstr("Log-log slope of time against n"));
    EXPECT_THAT(run.output, HasSubstr("softmax/batch:1/d:4/heads:1/threads:"));
    EXPECT_THAT(run.output, HasSubstr("2.00")) << "the cost model's slope for softmax";
    EXPECT_THAT(run.output, HasSubstr("1.00")) << "the cost model's slope for linear";
}

TEST(Cli, NotebookPresetPrintsTheSeedComparison) {
    // The real notebook shapes take seconds; a copy with small shapes exercises the same table.
    TempDir dir;
    std::ofstream(dir.path / "mini.json")
        << R"({"name": "mini", "layout": "notebook", "defaults": {"batch": 2},
        "runs": [{"methods": ["quadratic", "linear"], "n": 64, "d": 8}],
        "reference": {"source": "test", "seconds": [{"method": "quadratic", "n": 64, "d": 8, "value": 0.5},
                                                    {"method": "linear", "n": 64, "d": 8, "value": 0.25}]}})";
    const CommandRun run = attnscope("bench --preset " + (dir.path / "mini.json").string() +
                                     " --min-time 0 --max-reps 2 --quiet");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output, HasSubstr("notebook"));
    EXPECT_THAT(run.output, HasSubstr("2.00× faster"));  // the reference's 0.5 s / 0.25 s
    EXPECT_THAT(run.output, HasSubstr("8.00× faster"));  // the model's n / d
}

TEST(Cli, BadPresetFileNamesFileAndKey) {
    TempDir dir;
    std::ofstream(dir.path / "bad.json")
        << R"({"name": "bad", "runs": [{"methods": ["softmax"], "n": "big"}]})";
    const CommandRun run = attnscope("bench --preset " + (dir.path / "bad.json").string());
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_THAT(run.output, HasSubstr("bad.json: runs[0].n: expected an integer, found string \"big\""));
}

// eval --dump writes what the engine computes: reading the files back and running the kernel on the same
// config in this process gives bitwise the same inputs and outputs.
TEST(Cli, EvalDumpReadsBackAndAgreesWithTheEngine) {
    TempDir dir;
    for (const char* method : {"softmax", "xformer", "performer", "mha"}) {
        const fs::path out = dir.path / method;
        const CommandRun run =
            attnscope(std::string("eval --method ") + method +
                      " --batch 2 --n 40 --d 16 --heads 2 --s 4 --seed 7 --head 1 --dump " + out.string());
        ASSERT_EQ(run.exit_code, 0) << run.output;
        EXPECT_THAT(run.output, HasSubstr("relative Frobenius error against the float64 reference"));
        const auto config = nlohmann::json::parse(readFile(out / "config.json"));
        EXPECT_EQ(config["method"], method);
        EXPECT_LT(config["reference_relative_error"].get<double>(), 1e-4);

        AttentionConfig c;
        c.batch = 2;
        c.n = 40;
        c.d = 16;
        c.heads = 2;
        c.alpha = c.beta = 4;
        c.seed = 7;
        const AttentionProblem problem = makeProblem(*methodFromName(method), c);
        const Tensor expected = runAttention(problem);
        const NpyArray output = readNpy(out / "output.npy");
        ASSERT_EQ(output.shape, (std::vector<std::int64_t>{2, 40, 16}));
        // The command may pick other OpenBLAS kernels than this process (it drops OPENBLAS_CORETYPE), so the
        // sums may round differently: equal to float precision, not bit for bit.
        double worst = 0;
        for (std::size_t i = 0; i < output.values.size(); ++i) {
            worst = std::max(worst, std::abs(output.values[i] - static_cast<double>(expected.data()[i])) /
                                        (1e-6 + std::abs(static_cast<double>(expected.data()[i]))));
        }
        EXPECT_LT(worst, 1e-4) << method;
        const Tensor& input = isLayerMethod(problem.method) ? problem.x : problem.q;
        const NpyArray dumped = readNpy(out / (isLayerMethod(problem.method) ? "x.npy" : "q.npy"));
        EXPECT_TRUE(std::equal(dumped.values.begin(), dumped.values.end(), input.data())) << method;
        const NpyArray attention = readNpy(out / "attention.npy");
        EXPECT_EQ(attention.shape[0], 40);
        EXPECT_EQ(attention.shape[1], std::string(method) == "xformer" ? 10 : 40);
    }
    EXPECT_TRUE(fs::exists(dir.path / "performer" / "features.npy"));
    EXPECT_TRUE(fs::exists(dir.path / "xformer" / "pooling.npy"));
    EXPECT_TRUE(fs::exists(dir.path / "mha" / "w_o.npy"));
}

// Inputs loaded from .npy drive the run: eval on the dumped q, k, v reproduces the dumped output.
TEST(Cli, LoadedInputsReproduceTheDumpedOutput) {
    TempDir dir;
    ASSERT_EQ(
        attnscope("eval --method softmax --batch 2 --n 24 --d 8 --seed 3 --dump " + (dir.path / "a").string())
            .exit_code,
        0);
    const std::string a = (dir.path / "a").string();
    const CommandRun run = attnscope("eval --method softmax --q " + a + "/q.npy --k " + a + "/k.npy --v " +
                                     a + "/v.npy --dump " + (dir.path / "b").string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(readNpy(dir.path / "a" / "output.npy").values, readNpy(dir.path / "b" / "output.npy").values);
    const auto config = nlohmann::json::parse(readFile(dir.path / "b" / "config.json"));
    EXPECT_EQ(config["inputs"], "loaded from .npy");
    EXPECT_EQ(config["n"], 24);
}

// --qkv DIR reads DIR/q.npy, k.npy, v.npy (and tokens.txt), as tools/capture_qkv.py writes them.
TEST(Cli, QkvFolderLoadsTheThreeArraysAndTheTokens) {
    TempDir dir;
    const std::string a = (dir.path / "a").string();
    ASSERT_EQ(attnscope("eval --method softmax --batch 2 --n 5 --d 8 --seed 3 --dump " + a).exit_code, 0);
    std::ofstream(dir.path / "a" / "tokens.txt") << "the\ncat\nsat\non\nmats\n";
    const CommandRun run =
        attnscope("eval --method softmax --qkv " + a + " --dump " + (dir.path / "b").string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output, HasSubstr("5 tokens from tokens.txt"));
    EXPECT_EQ(readNpy(dir.path / "a" / "output.npy").values, readNpy(dir.path / "b" / "output.npy").values);
    const auto config = nlohmann::json::parse(readFile(dir.path / "b" / "config.json"));
    EXPECT_EQ(config["inputs"], "loaded from .npy");
    EXPECT_EQ(config["tokens"], nlohmann::json({"the", "cat", "sat", "on", "mats"}));

    std::ofstream(dir.path / "a" / "tokens.txt") << "the\ncat\n";
    CommandRun bad = attnscope("eval --method softmax --qkv " + a);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_THAT(bad.output, HasSubstr("tokens.txt: 2 tokens (one a line) for 5 positions"));
    fs::remove(dir.path / "a" / "tokens.txt");
    bad = attnscope("eval --method softmax --qkv " + a + " --q " + a + "/q.npy");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_THAT(bad.output, HasSubstr("--qkv: give either --qkv or --q, --k and --v, not --q"));
    fs::remove(dir.path / "a" / "k.npy");
    for (const char* command : {"eval", "bench"}) {
        bad = attnscope(std::string(command) + " --method softmax --qkv " + a);
        EXPECT_EQ(bad.exit_code, 2) << command;
        EXPECT_THAT(bad.output, HasSubstr("--qkv: " + a + "/k.npy: missing")) << command;
    }
    bad = attnscope("eval --method softmax --qkv " + (dir.path / "nowhere").string());
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_THAT(bad.output, HasSubstr("nowhere: not a folder"));
}

TEST(Cli, NanInLoadedInputIsReported) {
    TempDir dir;
    std::vector<float> values(12, 1.0f);
    values[5] = NAN;
    std::ofstream(dir.path / "q.npy", std::ios::binary) << serializeNpy({3, 4}, values.data());
    const std::string q = (dir.path / "q.npy").string();
    const CommandRun run = attnscope("bench --method softmax --q " + q + " --k " + q + " --v " + q);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_THAT(run.output, HasSubstr("1 NaN or infinite value, the first at [0, 1, 1]"));
}

TEST(Cli, ReportWritesHtmlPdfJsonAndCsv) {
    TempDir dir;
    std::ofstream(dir.path / "tiny.json") << R"({"name": "tiny", "title": "Tiny sweep",
        "runs": [{"methods": ["softmax", "linear"], "n": [8, 16], "d": 4, "batch": 1}]})";
    const CommandRun run = attnscope("report --preset " + (dir.path / "tiny.json").string() +
                                     " --min-time 0 --max-reps 2 --out " + (dir.path / "report").string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output, HasSubstr("report written to"));
    const std::string html = readFile(dir.path / "report" / "report.html");
    EXPECT_THAT(html, HasSubstr("<h2>Tiny sweep</h2>"));
    EXPECT_THAT(html, HasSubstr("softmax/batch:1/n:16/d:4/heads:1/threads:"));
    EXPECT_THAT(html, HasSubstr("Measured speed-ups beside the cost model"));
    // The parameter list names every config field softmax and linear use, as the field table labels it.
    for (const ConfigField& field : configFields()) {
        if (field.appliesTo(Method::softmax)) {
            EXPECT_THAT(html, HasSubstr("<b>" + std::string(field.label) + "</b>: "));
        }
    }
    EXPECT_THAT(html, HasSubstr("<b>batch</b>: 1 &nbsp;"));
    EXPECT_THAT(html, HasSubstr("relative Frobenius error")) << "the heatmaps' approximation error";
    EXPECT_GE(std::count(html.begin(), html.end(), '<'), 10);
    std::size_t images = 0;
    for (std::size_t at = html.find("src=\"data:image/png;base64,"); at != std::string::npos;
         at = html.find("src=\"data:image/png;base64,", at + 1)) {
        ++images;
    }
    EXPECT_EQ(images, 5u) << "the timing plot, the memory plot, the stage breakdown, the roofline and the "
                             "heatmaps, embedded";
    EXPECT_THAT(html, HasSubstr("Where the time goes"));
    // The roofs come from attnscope peak's ceilings, measured before the presets when none are cached.
    EXPECT_THAT(html, HasSubstr("<h3>Roofline</h3>"));
    EXPECT_THAT(html, HasSubstr("FMA peak, "));
    EXPECT_THAT(html, HasSubstr("DRAM bandwidth (triad)"));
    // The report's runs read the event counters: a table of them, unless the kernel refuses every one (a
    // container's seccomp, perf_event_paranoid 3), which the section's line then says.
    EXPECT_THAT(html, HasSubstr("<h3>Counters</h3>"));
    if (html.find("<p>No point was counted; counters unavailable: ") == std::string::npos) {
        EXPECT_THAT(html, HasSubstr("<p>Counted: task-clock, page-faults"));
        EXPECT_THAT(html, HasSubstr("<th>busy cores</th>"));
        EXPECT_THAT(html, HasSubstr("<tr><td>softmax</td><td>batch 1, n 16, d 4, heads 1</td>"));
    }
    EXPECT_EQ(readFile(dir.path / "report" / "report.pdf").substr(0, 5), "%PDF-");
    EXPECT_EQ(parseResultsJson(readFile(dir.path / "report" / "tiny.json"), "tiny.json").benchmarks.size(),
              4u);
    EXPECT_TRUE(fs::exists(dir.path / "report" / "tiny.csv"));
    // Nothing is overwritten without --force, and the refusal names the file.
    const CommandRun again =
        attnscope("report --preset " + (dir.path / "tiny.json").string() +
                  " --min-time 0 --max-reps 1 --no-heatmaps --out " + (dir.path / "report").string());
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_THAT(again.output, HasSubstr("exists; use --force"));
}

// A preset of fixed shapes (like the notebook's) has no time-against-n curve; it gets bars per shape instead.
TEST(Cli, ReportOfFixedShapesHasPerShapeBars) {
    TempDir dir;
    std::ofstream(dir.path / "shapes.json") << R"({"name": "shapes", "title": "Two shapes",
        "runs": [{"methods": ["quadratic", "linear"], "n": 16, "d": 4},
                 {"methods": ["quadratic", "linear"], "n": 4, "d": 16}]})";
    const CommandRun run =
        attnscope("report --preset " + (dir.path / "shapes.json").string() +
                  " --min-time 0 --max-reps 2 --no-heatmaps --out " + (dir.path / "r").string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const std::string html = readFile(dir.path / "r" / "report.html");
    EXPECT_THAT(html, HasSubstr("Median time per shape and method"));
    EXPECT_THAT(html, HasSubstr("src=\"data:image/png;base64,"));
}

// peak measures once per CPU model and thread count and answers from the user's cache afterwards; its JSON
// has every figure, measured or with the reason it is missing.
TEST(Cli, PeakJsonHasTheCeilingsAndIsCached) {
    TempDir dir;
    setenv("XDG_CACHE_HOME", dir.path.c_str(), 1);
    const CommandRun first = attnscope("peak --threads 1 --format json --quiet");
    const CommandRun second = attnscope("peak --threads 1 --format json --quiet");
    setenv("XDG_CACHE_HOME", ATTNSCOPE_TEST_CACHE_HOME, 1);
    ASSERT_EQ(first.exit_code, 0) << first.output;
    const auto json = nlohmann::json::parse(first.output);
    for (const char* field : {"cpu_model", "threads", "measured_at", "hardware_threads", "physical_cores",
                              "caches", "clock_ghz", "fma", "triad_isa", "bandwidth"}) {
        EXPECT_TRUE(json.contains(field)) << field;
    }
    EXPECT_EQ(json["threads"], 1);
    EXPECT_EQ(json["from_cache"], false);
    ASSERT_FALSE(json["fma"].empty());
    EXPECT_GT(json["fma"][0]["one_thread"].get<double>(), 0) << "the widest ISA this CPU has";
    ASSERT_EQ(json["bandwidth"].size(), 4u);
    for (const auto& level : json["bandwidth"]) {
        EXPECT_TRUE(level["one_thread"].is_number() || level["one_thread"].contains("missing")) << level;
    }
    EXPECT_TRUE(fs::exists(dir.path / "attnscope" / "ceilings.json"));

    ASSERT_EQ(second.exit_code, 0) << second.output;
    const auto cached = nlohmann::json::parse(second.output);
    EXPECT_EQ(cached["from_cache"], true);
    EXPECT_EQ(cached["fma"], json["fma"]);
}

TEST(Cli, ReportIntoUnwritableDirectoryFailsCleanly) {
    const CommandRun run =
        attnscope("report --preset notebook --min-time 0 --max-reps 1 --out /proc/attnscope-report");
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_THAT(run.output, HasSubstr("cannot create directory /proc/attnscope-report"));
}

}  // namespace
}  // namespace attnscope
