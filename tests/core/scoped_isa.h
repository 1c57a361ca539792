#pragma once
#include <gtest/gtest.h>

#include <string>

#include "attnscope/kernels/isa.h"

namespace attnscope::test {

// Runs the kernels on one ISA variant for a scope and restores the previous one after. `active()` is false
// when this CPU cannot run the variant; the test then skips it.
class ScopedIsa {
public:
    explicit ScopedIsa(Isa isa) : previous_(activeIsa()), active_(setActiveIsa(isa)) {}
    ~ScopedIsa() { setActiveIsa(previous_); }
    ScopedIsa(const ScopedIsa&) = delete;
    ScopedIsa& operator=(const ScopedIsa&) = delete;
    bool active() const { return active_; }

private:
    Isa previous_;
    bool active_;
};

inline std::string isaLabel(Isa isa) {
    return isaName(isa);
}

}  // namespace attnscope::test

// Skips the current test when `scoped` could not switch to its ISA.
#define ATTNSCOPE_SKIP_UNLESS_ISA(scoped, isa) \
    if (!(scoped).active()) GTEST_SKIP() << "this CPU cannot run the " << isaName(isa) << " kernels"
