// Tests src/app/widgets/column_extremes: the thinned line keeps every column's first, last,
// lowest and highest point in order, at most four per column, and leaves sparse lines alone.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/widgets/column_extremes.h"
#include "core/base/rng.h"

namespace bn::app {
namespace {
struct Pt {
  float x, y;
};
bool same(const Pt& a, const Pt& b) { return a.x == b.x && a.y == b.y; }
}  // namespace

TEST_CASE("a line with a point per column is kept as it is", "[app]") {
  std::vector<Pt> in, out;
  for (int i = 0; i < 50; ++i) in.push_back({i * 1.5f, static_cast<float>((i * 7) % 11)});
  keep_column_extremes(in, out);
  REQUIRE(out.size() == in.size());
  for (size_t i = 0; i < in.size(); ++i) CHECK(same(out[i], in[i]));
}

TEST_CASE("a dense noisy line keeps each column's first, last, lowest and highest point", "[app]") {
  Rng rng(3);
  std::vector<Pt> in, out;
  const int n = 10000, columns = 300;
  for (int i = 0; i < n; ++i) in.push_back({static_cast<float>(i) * columns / n, rng.uniform() * 100.f});
  keep_column_extremes(in, out);
  CHECK(out.size() <= 4u * columns);
  CHECK(out.size() >= 2u * columns);
  CHECK(same(out.front(), in.front()));
  CHECK(same(out.back(), in.back()));
  // Every kept point is an input point, in the input's order.
  size_t at = 0;
  for (const Pt& p : out) {
    while (at < in.size() && !same(in[at], p)) ++at;
    REQUIRE(at < in.size());
    ++at;
  }
  // Per column, the kept points span the same y range as the input's.
  for (int c = 0; c < columns; ++c) {
    auto in_col = [&](const Pt& p) { return static_cast<int>(p.x) == c; };
    float lo_in = 1e9f, hi_in = -1e9f, lo_out = 1e9f, hi_out = -1e9f;
    for (const Pt& p : in)
      if (in_col(p)) lo_in = std::min(lo_in, p.y), hi_in = std::max(hi_in, p.y);
    for (const Pt& p : out)
      if (in_col(p)) lo_out = std::min(lo_out, p.y), hi_out = std::max(hi_out, p.y);
    CHECK(lo_out == lo_in);
    CHECK(hi_out == hi_in);
  }
}

TEST_CASE("a column whose first point is its lowest and last its highest keeps just those two", "[app]") {
  std::vector<Pt> in = {{0.1f, 0.f}, {0.2f, 5.f}, {0.3f, 2.f}, {0.9f, 9.f}, {1.2f, 1.f}}, out;
  keep_column_extremes(in, out);
  REQUIRE(out.size() == 3u);
  CHECK(same(out[0], in[0]));
  CHECK(same(out[1], in[3]));
  CHECK(same(out[2], in[4]));
}

}  // namespace bn::app
