// Dragging scrolls, as a finger expects on a phone page: ImGui 1.86 scrolls only with a wheel or
// by its scrollbar, so on a touch screen a panel longer than the screen could not be moved.
// Not here: deciding when the layout is a touch one (the App does).
#pragma once

namespace bn::app {

// Call once a frame, after the windows are built: a drag that began on a window's empty space
// (no control took it) scrolls that window, or the nearest one above it that can scroll.
void drag_to_scroll();

}  // namespace bn::app
