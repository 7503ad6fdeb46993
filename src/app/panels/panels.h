// The playground's panels. Each draws its contents into the current ImGui window (the App puts
// them in tiled windows on a wide screen, in tabs on a narrow one) and keeps its state in
// AppState. One panel per file.
#pragma once
#include "app/app_state.h"
#include "app/focus_ring.h"
#include "app/guide.h"
#include "app/widgets/fitting.h"

namespace bn::app {

void model_panel(AppState& s);
void train_panel(AppState& s);
void curves_panel(AppState& s);
void recon_panel(AppState& s);
void draw_panel(AppState& s);
void latent_panel(AppState& s);
void filters_panel(AppState& s);
void diagnostics_panel(AppState& s);

// The introduction and the Guide window, floating over the panels (guide_window.cpp).
void guide_windows(AppState& s);
// A preset's card: its idea, what to watch, and (compact: as a tooltip) where it comes from.
void preset_card_text(const PresetCard& card, bool compact);

// A run's colour in every plot and table; it follows the run's id, so deleting or sorting runs
// never recolours the others.
ImU32 run_color(const RunRecord& r);

// Keeps s.latent's sample codes and plane up to date, a slice per frame (the Latent and
// Diagnostics panels share them).
void update_latent(AppState& s);

// Shown where codes would be when the model's outputs overflowed (a diverged run's last weights).
constexpr const char* kCodesNotFinite =
    "The codes of the test digits are not finite numbers: the weights overflowed as the run diverged. Reset and "
    "train with a lower learning rate.";

}  // namespace bn::app
