// The look of the app, shared by its platform mains.
//
// Sharp text on high-DPI screens: ImGui's built-in font is a 13-pixel bitmap, blurred when a
// 2x screen magnifies it. use_font rasterises a TrueType font (DejaVu Sans, from Debian's
// fonts-dejavu-core, which the platform hands over) at the screen's pixel density and scales it
// back to logical size, so glyphs land on physical pixels.
// The platform rebuilds its renderer's font texture afterwards, outside a frame.
#pragma once
#include <cstddef>
#include <cstdint>

namespace bn::app {

// ImGui's dark style, with filled shapes drawn without anti-aliasing fringes: under software GL
// (headless Chromium, a browser without GPU) the fringes cost a fifth of the frame rate, and the
// app's fills are axis-aligned rectangles and small dots. Lines and text stay anti-aliased.
void apply_style();

// What the platform clears the screen to: the panels' background colour. Panels that overlap no
// other leave their background to this clear (App::frame), since under software GL a full-screen
// blended fill costs a third of the frame.
struct Rgb {
  float r, g, b;
};
Rgb clear_color();

// Logical size of the UI font, in CSS / window pixels.
constexpr float kFontSize = 14.f;

// `ttf` must stay alive as long as the font is in use. False (and the built-in font kept) when
// the bytes are not a TrueType font.
bool use_font(const uint8_t* ttf, size_t size, float density);

}  // namespace bn::app
