// A number field that takes a value only when it is complete: the text is parsed and checked
// when the person presses Enter or leaves the field (Tab, a click elsewhere), never per keystroke,
// so "3" on the way to "32" is never applied. A value outside its rule is refused right under
// the field, naming what was wrong and what to type; the setting keeps its old value meanwhile.
#pragma once
#include <string>
#include <vector>

namespace bn::app {

struct NumberRule {
  const char* what;       // "learning rate", in messages
  double min, max;        // allowed range, inclusive
  bool integer = false;
  bool above_min = false; // min itself is not allowed (a learning rate must be above 0)
  const char* advice = "";  // appended to a refusal: "try 0.001 for Adam"
};

// A key of the touch keypad on screen, for tests: its label and x, y, w, h.
struct KeypadKey {
  std::string label;
  float box[4];
};

struct NumberField {
  char text[32] = "";
  char keyed[32] = "";  // what the touch keypad holds while it is open
  std::vector<KeypadKey> keypad;  // its keys on screen, this frame; empty when closed
  std::string error;  // why the text was refused; empty when the value was taken
  bool active = false;  // being edited (as of the last frame)
  // The refusal under the field; false where the panel shows it elsewhere (appearing under a
  // field above a button, it moved the button away from a click already on its way).
  bool error_inline = true;
  float box[4] = {};    // the text box on screen: x, y, w, h (for tests)
};

// Checks `text` against `rule`: the value, or a message.
bool parse_number(const char* text, const NumberRule& rule, double* value, std::string* error);

// Draws the field; true when a new value was committed into *value. On a touch screen (frames
// padded to touch targets) a tap opens a keypad instead: the page cannot bring up a phone's own
// keyboard for a canvas, so the field could not be typed in at all.
bool number_field(const char* label, NumberField& field, double* value, const NumberRule& rule, const char* format);

}  // namespace bn::app
