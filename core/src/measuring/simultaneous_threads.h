#pragma once
#include <functional>

namespace attnscope {

// Runs work(thread) on `threads` threads at once, `repetitions` times, and returns the seconds of the
// fastest repetition, from the first thread's start to the last one's end. All threads are released
// together by a barrier. prepare(thread) runs on each thread first, so each touches its own buffers.
// Neither may throw.
//
// Plain std::threads with a barrier rather than oneTBB tasks: a ceiling needs all threads busy over the
// same interval, and a task scheduler promises no more than that the tasks run eventually.
double fastestTogether(int threads, int repetitions, const std::function<void(int)>& prepare,
                       const std::function<void(int)>& work);

}  // namespace attnscope
