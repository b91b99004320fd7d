#include "stories/stories.h"

#include <gtest/gtest.h>

namespace vox::stories {
namespace {
TEST(Features, Placeholder) { EXPECT_FALSE(ExtractFeatures("", "Mất điện ở phường An Hòa", "", false).shingles.empty()); }
}  // namespace
}  // namespace vox::stories
