// Tests src/app/url_state: a link round-trips a preset with its settings and an edited model
// whole (the same JSON back), and each kind of bad link is refused with its own message.
#include <catch2/catch.hpp>

#include "app/url_state.h"
#include "core/model/model_json.h"

namespace bn::app {

TEST_CASE("a link carries the preset, the settings and the seed", "[app]") {
  LinkState st;
  st.preset = 3;
  st.spec = preset_spec(preset_names()[3]).take();
  st.settings = {2, 2.5e-4f, 64, 7, 1234};
  const std::string link = encode_link(st);
  Result<LinkState> back = decode_link("#" + link);
  REQUIRE(back.is_ok());
  CHECK(back.value().preset == 3);
  CHECK_FALSE(back.value().edited);
  CHECK(back.value().settings.optimizer == 2);
  CHECK(back.value().settings.learning_rate == 2.5e-4f);
  CHECK(back.value().settings.batch_size == 64);
  CHECK(back.value().settings.epochs == 7);
  CHECK(back.value().settings.seed == 1234);
  CHECK(spec_to_json(back.value().spec) == spec_to_json(st.spec));
}

TEST_CASE("an edited model travels whole in the link", "[app]") {
  LinkState st;
  st.spec = preset_spec("deep").take();
  st.spec.layers[2].dense.units = 17;
  st.spec.penalties.weight_decay = 1e-4f;
  st.edited = true;
  Result<LinkState> back = decode_link(encode_link(st));
  REQUIRE(back.is_ok());
  CHECK(back.value().edited);
  CHECK(back.value().spec.layers[2].dense.units == 17);
  CHECK(spec_to_json(back.value().spec) == spec_to_json(st.spec));
}

TEST_CASE("a link whose parts are %-escaped (as a mail program may send it) reads the same", "[app]") {
  Result<LinkState> r = decode_link("#m=d%65ep&o=rms%70rop&lr=0%2E0005&b=64&e=2&s=7");
  REQUIRE(r.is_ok());
  CHECK(preset_names()[r.value().preset] == "deep");
  CHECK(r.value().settings.batch_size == 64);
  CHECK(r.value().settings.learning_rate == Approx(0.0005f));
}

TEST_CASE("a bad link is refused with what was wrong", "[app]") {
  struct Case {
    const char* link;
    const char* says;
  };
  const Case cases[] = {
      {"#m=nosuch&s=1", "not a preset"},
      {"#m=shallow&o=adamw", "optimizer 'adamw'"},
      {"#m=shallow&lr=-1", "learning rate"},
      {"#m=shallow&lr=abc", "learning rate"},
      {"#m=shallow&b=0", "batch size"},
      {"#m=shallow&b=2.5", "batch size"},
      {"#m=shallow&e=100000", "epochs"},
      {"#m=shallow&s=-3", "seed"},
      {"#m=shallow&zz=1", "part 'zz'"},
      {"#o=adam&s=1", "names no model"},
      {"#spec=%%%", "broken %-escape ('%%%' at character 1)"},
      {"#m=shallow&s=%4", "broken %-escape"},
      {"#m=shallow&s=%zz", "broken %-escape"},
      {"#m=sh%00allow", "control characters"},
      {"#m=%C3%28", "not UTF-8"},
      {"#m=%1b]0;pwned%07", "control characters"},
      {"#spec=@@@", "damaged"},
      {"#spec=e30", "the link's model"},  // "{}": JSON without layers
  };
  const std::string long_link = "#m=shallow&s=" + std::string(kMaxLinkBytes, '1');
  Result<LinkState> too_long = decode_link(long_link);
  REQUIRE_FALSE(too_long.is_ok());
  CHECK_THAT(too_long.message(), Catch::Matchers::Contains("32 KB a link may have"));
  for (const Case& c : cases) {
    INFO(c.link);
    Result<LinkState> r = decode_link(c.link);
    REQUIRE_FALSE(r.is_ok());
    CHECK_THAT(r.message(), Catch::Matchers::Contains(c.says));
  }
}

}  // namespace bn::app
