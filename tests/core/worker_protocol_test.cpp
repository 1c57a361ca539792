// The window and `attnscope worker` agree on every field, bit for bit, and a bad line is an error that names
// its problem, never a crash.
#include <gtest/gtest.h>

#include "attnscope/io/worker_protocol.h"
#include "test_results.h"

namespace attnscope {
namespace {

WorkerRequest sampleRequest() {
    WorkerRequest request;
    request.id = 7;
    request.point.method = Method::xformer;
    request.point.config.n = 1000;
    request.point.config.d = 48;
    request.point.config.heads = 3;
    request.point.config.alpha = 3;
    request.point.config.beta = 7;
    request.point.config.seed = 1234567890123ull;
    request.point.config.distribution = InputDistribution::normal;
    request.point.config.threads = 1;
    request.input_paths = {{"x", "/tmp/x.npy"}};
    request.options.min_seconds = 0.123;
    request.options.max_repetitions = 77;
    request.options.measure_error = false;
    request.options.min_block_seconds = 0.0025;
    request.options.counters = true;
    return request;
}

TEST(WorkerProtocol, RequestRoundTrips) {
    const WorkerRequest sent = sampleRequest();
    const std::string line = encodeWorkerRequest(sent);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const WorkerRequest read = parseWorkerRequest(line);
    EXPECT_EQ(read.kind, WorkerRequest::Kind::run);
    EXPECT_EQ(read.id, 7u);
    EXPECT_EQ(read.point.name(), sent.point.name());
    EXPECT_EQ(read.point.config.seed, sent.point.config.seed);
    EXPECT_EQ(read.point.config.distribution, InputDistribution::normal);
    EXPECT_EQ(read.input_paths, sent.input_paths);
    EXPECT_EQ(read.options.min_seconds, 0.123);
    EXPECT_EQ(read.options.max_repetitions, 77);
    EXPECT_FALSE(read.options.measure_error);
    EXPECT_EQ(read.options.min_block_seconds, 0.0025);
    EXPECT_TRUE(read.options.counters);
    EXPECT_EQ(parseWorkerRequest(encodeWorkerRequest(workerRequest(WorkerRequest::Kind::cancel))).kind,
              WorkerRequest::Kind::cancel);
}

TEST(WorkerProtocol, ResultRoundTripsBitForBit) {
    WorkerMessage sent = workerMessage(WorkerMessage::Kind::result, 9);
    sent.result = test::fakeResult(Method::performer, 256, {1.0 / 3, 2e-5 + 1e-17, 0.1});
    sent.result.peak_resident_growth = 123456789;
    sent.result.stats.calls_per_repetition = 64;
    sent.result.stages.stages = {{Stage::feature_map, 1e-4 / 7, 1e6}, {Stage::query_product, 2.5e-5, 3e6}};
    sent.result.stages.wall_seconds = 0.000131;
    sent.result.stages.calls = 12;
    sent.result.stages.feature_draw_seconds = 1e-3;
    sent.result.approximation = FavorError{0.0123, std::nullopt};
    sent.result.counters = CounterStats{480, 1e-3 / 3, 2e-3 / 3, 0.25, std::nullopt, 3e6, 6e6, std::nullopt};
    sent.measured_from = 12345.678901234;
    sent.measured_to = 12346.000000001;
    const WorkerMessage read = parseWorkerMessage(encodeWorkerMessage(sent));
    ASSERT_EQ(read.kind, WorkerMessage::Kind::result);
    EXPECT_EQ(read.id, 9u);
    EXPECT_EQ(read.result.point.name(), sent.result.point.name());
    EXPECT_EQ(read.result.stats.samples, sent.result.stats.samples);
    EXPECT_EQ(read.result.stats.median, sent.result.stats.median);
    EXPECT_EQ(read.result.stats.calls_per_repetition, 64);
    EXPECT_EQ(read.result.cost.flops, sent.result.cost.flops);
    EXPECT_EQ(read.result.peak_resident_growth, sent.result.peak_resident_growth);
    ASSERT_EQ(read.result.stages.stages.size(), 2u);
    EXPECT_EQ(read.result.stages.stages[0].stage, Stage::feature_map);
    EXPECT_EQ(read.result.stages.stages[0].seconds, 1e-4 / 7);
    EXPECT_EQ(read.result.stages.calls, 12);
    ASSERT_TRUE(read.result.approximation);
    EXPECT_EQ(read.result.approximation->output, 0.0123);
    EXPECT_FALSE(read.result.approximation->attention);
    ASSERT_TRUE(read.result.counters);
    EXPECT_EQ(read.result.counters->calls, 480);
    EXPECT_EQ(read.result.counters->task_clock_seconds, 2e-3 / 3);
    EXPECT_FALSE(read.result.counters->context_switches);
    EXPECT_EQ(read.result.counters->instructions, 6e6);
    EXPECT_FALSE(read.result.counters->llc_misses);
    EXPECT_EQ(read.measured_from, sent.measured_from);
    EXPECT_EQ(read.measured_to, sent.measured_to);
    EXPECT_TRUE(read.result.ok());
}

TEST(WorkerProtocol, ErrorRowRoundTrips) {
    WorkerMessage sent = workerMessage(WorkerMessage::Kind::result, 3);
    sent.result.point.config.n = 0;
    sent.result.error = "n must be 1 to 65536";
    const WorkerMessage read = parseWorkerMessage(encodeWorkerMessage(sent));
    EXPECT_EQ(read.result.error, sent.result.error);
    EXPECT_FALSE(read.result.ok());
    EXPECT_EQ(read.result.cost.flops, 0);  // an invalid point has no modelled cost
}

TEST(WorkerProtocol, BadLinesNameTheProblem) {
    const std::string good = encodeWorkerRequest(sampleRequest());
    const std::pair<std::string, std::string> cases[] = {
        {"", "not a JSON line"},
        {"garbage", "not a JSON line"},
        {"[1, 2]", "expected a JSON object"},
        {R"({"type": "dance"})", "unknown request type"},
        {R"({"type": "run"})", "missing \"id\""},
        {R"({"type": "run", "id": -1})", "not an unsigned integer"},
        {std::string(good).replace(good.find("xformer"), 7, "magic"), "unknown method"},
        {std::string(good).replace(good.find("\"normal\""), 8, "\"purple\""), "bad value for config field"},
        {std::string(good).replace(good.find("\"x\""), 3, "\"w\""), "unknown input"},
    };
    for (const auto& [line, problem] : cases) {
        try {
            parseWorkerRequest(line);
            ADD_FAILURE() << "accepted: " << line;
        } catch (const WorkerProtocolError& error) {
            EXPECT_NE(std::string(error.what()).find(problem), std::string::npos) << error.what();
        }
    }
    EXPECT_THROW(parseWorkerMessage(R"({"type": "result", "id": 1, "result": {}})"), WorkerProtocolError);
    EXPECT_THROW(parseWorkerMessage(R"({"type": "ready", "id": 1})"), WorkerProtocolError);
}

}  // namespace
}  // namespace attnscope
