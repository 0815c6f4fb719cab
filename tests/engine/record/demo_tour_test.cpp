// The demo tour's scripted sessions: made from the phantom, marked scripted, each answer inside its
// structure, and valid session files.
#include <gtest/gtest.h>

#include "engine/demo/abdomen_phantom.h"
#include "engine/record/demo_tour.h"
#include "engine/record/session_from_run.h"

TEST(DemoTour, ScriptedSessionsPointAtTheirStructures) {
    const auto tour = mr::record::demoTourSessions();
    ASSERT_EQ(tour.size(), 3u);
    for (const auto& s : tour) {
        SCOPED_TRACE(s.question);
        EXPECT_TRUE(s.scripted);
        ASSERT_TRUE(s.box && s.point1 && s.point2 && s.expertMask);
        EXPECT_TRUE(s.box->contains(*s.point1));
        EXPECT_TRUE(s.box->contains(*s.point2));
        const auto& m = *s.expertMask;
        auto inside = [&](const mr::Point& p) { return m.pixels[size_t(p.y) * size_t(m.width) + size_t(p.x)] != 0; };
        EXPECT_TRUE(inside(*s.point1));
        EXPECT_TRUE(inside(*s.point2));
        EXPECT_GT(s.trace.size(), 40u);
        // The text parses to the recorded answer, as a model's would.
        const auto run = mr::record::runFromSession(s);
        EXPECT_TRUE(run.answer.ok()) << run.answer.errorSummary();
        EXPECT_EQ(run.outcome, mr::ground::GroundingOutcome::Mask);
        const auto back = mr::record::sessionFromJson(mr::record::sessionToJson(s));
        EXPECT_TRUE(back.scripted);
        EXPECT_EQ(back.traceText(), s.traceText());
    }
    EXPECT_NE(tour[0].question, tour[1].question);
}
