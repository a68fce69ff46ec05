// Interrupts: a real SIGINT/SIGTERM sets the flag, Progress and throw_if_interrupted turn it into Interrupted with the
// shell's exit code, and a parallel loop stops early instead of finishing its work.
#include "core/interrupt.h"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdlib>

#include "core/parallel_for.h"
#include "core/progress.h"

namespace tarang {
namespace {

class InterruptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    install_interrupt_handlers();
    set_interrupt_signal_for_testing(0);
  }
  void TearDown() override {
    set_interrupt_signal_for_testing(0);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
};

TEST_F(InterruptTest, NothingHappensWithoutASignal) {
  EXPECT_EQ(interrupt_signal(), 0);
  EXPECT_NO_THROW(throw_if_interrupted());
}

TEST_F(InterruptTest, SigintBecomesInterruptedWithExitCode130) {
  std::raise(SIGINT);
  EXPECT_EQ(interrupt_signal(), SIGINT);
  try {
    throw_if_interrupted();
    FAIL() << "no Interrupted thrown";
  } catch (const Interrupted& e) {
    EXPECT_EQ(e.exit_code(), 130);
    EXPECT_STREQ(e.what(), "interrupted by SIGINT");
  }
}

TEST_F(InterruptTest, SigtermGivesExitCode143) {
  std::raise(SIGTERM);
  try {
    throw_if_interrupted();
    FAIL() << "no Interrupted thrown";
  } catch (const Interrupted& e) {
    EXPECT_EQ(e.exit_code(), 143);
    EXPECT_STREQ(e.what(), "interrupted by SIGTERM");
  }
}

TEST_F(InterruptTest, ProgressAdvanceStopsTheLoop) {
  Progress progress("work", 1000, nullptr);
  std::atomic<int> done{0};
  EXPECT_THROW(parallel_for(
                   1000,
                   [&](std::size_t i) {
                     if (i == 10) set_interrupt_signal_for_testing(SIGINT);
                     progress.advance();
                     ++done;
                   },
                   2),
               Interrupted);
  EXPECT_LT(done.load(), 1000);  // both workers stop at their next advance() instead of finishing
}

// A run that never polls the flag (stuck in a library call) is ended by the grace-period alarm with 128 + signal.
TEST(InterruptDeathTest, StuckRunExitsAfterTheGracePeriod) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        setenv("TARANG_STOP_GRACE_S", "1", 1);
        install_interrupt_handlers();
        std::raise(SIGTERM);
        for (volatile bool stuck = true; stuck;) {
        }
      },
      ::testing::ExitedWithCode(143),
      "error: interrupted by SIGTERM; still busy inside a library call, exiting at once");
}

}  // namespace
}  // namespace tarang
