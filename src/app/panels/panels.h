// The playground's panels. Each draws its contents into the current ImGui window (the App puts
// them in tiled windows on a wide screen, in tabs on a narrow one) and keeps its state in
// AppState. One panel per file.
#pragma once
#include "app/app_state.h"

namespace bn::app {

void model_panel(AppState& s);
void train_panel(AppState& s);
void curves_panel(AppState& s);
void recon_panel(AppState& s);
void draw_panel(AppState& s);

}  // namespace bn::app
