// Fuzzes the page link decoder (bn::app::decode_link, app/url_state.h): any text, as a fragment
// pasted into the address bar. A link that decodes must encode to a link that decodes to the same
// run again (encode, decode, encode gives the same text), so a copied link reproduces its run.
#include <cstddef>
#include <cstdint>
#include <string>

#include "app/url_state.h"
#include "fuzz_support.h"

using bn::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bn::Result<bn::app::LinkState> state = bn::app::decode_link(std::string(reinterpret_cast<const char*>(data), size));
  if (!state) return 0;
  const std::string link = bn::app::encode_link(state.value());
  bn::Result<bn::app::LinkState> again = bn::app::decode_link(link);
  require(again.is_ok(), "a link this build makes decodes", again.is_ok() ? "" : again.message() + " in " + link);
  require(bn::app::encode_link(again.value()) == link, "a link survives decode and encode unchanged", link);
  return 0;
}
