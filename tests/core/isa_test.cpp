// The ISA choice: names, what ATTNSCOPE_ISA may ask for, and that forcing a variant this CPU lacks is
// refused.
#include "attnscope/kernels/isa.h"

#include <gtest/gtest.h>

#include "scoped_isa.h"

namespace attnscope {
namespace {

TEST(Isa, NamesRoundTripAndUnknownNamesAreRefused) {
    for (Isa isa : kAllIsas) EXPECT_EQ(parseIsa(isaName(isa)), isa);
    EXPECT_FALSE(parseIsa("AVX512").has_value());
    EXPECT_FALSE(parseIsa("sse").has_value());
    EXPECT_FALSE(parseIsa("").has_value());
}

TEST(Isa, GenericRunsEverywhereAndTheWidestIsSupported) {
    EXPECT_TRUE(isaSupported(Isa::generic));
    EXPECT_TRUE(isaSupported(widestSupportedIsa()));
    // AVX-512 implies the AVX2 path on every CPU that has it.
    if (isaSupported(Isa::avx512)) {
        EXPECT_TRUE(isaSupported(Isa::avx2));
    }
}

TEST(Isa, UnsetOrEmptyRequestTakesTheWidest) {
    EXPECT_EQ(chooseIsa(nullptr).isa, widestSupportedIsa());
    EXPECT_TRUE(chooseIsa(nullptr).notice.empty());
    EXPECT_EQ(chooseIsa("").isa, widestSupportedIsa());
}

TEST(Isa, SupportedRequestIsFollowedSilently) {
    const IsaChoice generic = chooseIsa("generic");
    EXPECT_EQ(generic.isa, Isa::generic);
    EXPECT_TRUE(generic.notice.empty());
    if (isaSupported(Isa::avx2)) {
        EXPECT_EQ(chooseIsa("avx2").isa, Isa::avx2);
    }
}

TEST(Isa, UnknownRequestNamesTheChoicesAndFallsBackToTheWidest) {
    const IsaChoice choice = chooseIsa("avx1024");
    EXPECT_EQ(choice.isa, widestSupportedIsa());
    EXPECT_NE(choice.notice.find("ATTNSCOPE_ISA=avx1024"), std::string::npos) << choice.notice;
    EXPECT_NE(choice.notice.find("generic, avx2, avx512"), std::string::npos) << choice.notice;
}

TEST(Isa, RequestThisCpuCannotRunIsRefused) {
    for (Isa isa : kAllIsas) {
        const IsaChoice choice = chooseIsa(isaName(isa));
        if (isaSupported(isa)) continue;
        EXPECT_EQ(choice.isa, widestSupportedIsa());
        EXPECT_NE(choice.notice.find("lacks"), std::string::npos) << choice.notice;
        const Isa before = activeIsa();
        EXPECT_FALSE(setActiveIsa(isa));
        EXPECT_EQ(activeIsa(), before);
    }
}

TEST(Isa, ScopedIsaSwitchesAndRestores) {
    const Isa before = activeIsa();
    {
        const test::ScopedIsa scoped(Isa::generic);
        ASSERT_TRUE(scoped.active());
        EXPECT_EQ(activeIsa(), Isa::generic);
    }
    EXPECT_EQ(activeIsa(), before);
}

}  // namespace
}  // namespace attnscope
