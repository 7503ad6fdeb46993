// Covers core/base/text: what reaches a terminal from names and paths.
#include <catch2/catch.hpp>

#include "core/base/text.h"

namespace bn {

TEST_CASE("printable escapes what a terminal would act on and keeps UTF-8 text", "[data]") {
  REQUIRE(printable("encoder") == "encoder");
  REQUIRE(printable("k\xc3\xbchl \xe2\x86\x92 z") == "k\xc3\xbchl \xe2\x86\x92 z");  // kühl → z
  REQUIRE(printable("\x1b]0;pwned\x07") == "\\x1B]0;pwned\\x07");
  REQUIRE(printable(std::string("a\0b", 3)) == "a\\x00b");
  REQUIRE(printable("a\nb") == "a\\nb");
  REQUIRE(printable("\xc2\x9b" "2J") == "\\xC2\\x9B2J");      // C1 control (CSI)
  REQUIRE(printable("\xff\xfe") == "\\xFF\\xFE");              // not UTF-8
  REQUIRE(printable("\xe0\x80\xaf") == "\\xE0\\x80\\xAF");     // overlong
  REQUIRE(printable("\xed\xa0\x80") == "\\xED\\xA0\\x80");     // surrogate
  REQUIRE(printable("\xe2\x82") == "\\xE2\\x82");              // cut short
  REQUIRE(printable(std::string(300, 'x'), 10) == "xxxxxxxxxx...");
}

TEST_CASE("plain text has no control characters and is valid UTF-8", "[data]") {
  REQUIRE(is_plain_text("dense_1 (code)"));
  REQUIRE(is_plain_text("\xe2\x86\x92"));
  REQUIRE_FALSE(is_plain_text("tab\there"));
  REQUIRE_FALSE(is_plain_text(std::string("nul\0", 4)));
  REQUIRE_FALSE(is_plain_text("\x7f"));
  REQUIRE_FALSE(is_plain_text("\xc0\xaf"));
}

}  // namespace bn
