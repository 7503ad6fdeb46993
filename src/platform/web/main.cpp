// The page's main: SDL2 window with a WebGL2 context, Dear ImGui on top, and the App frame in
// emscripten's main loop. The browser owns the loop (emscripten_set_main_loop), so each frame
// trains for a slice of time and returns; nothing here blocks.
// JavaScript (web/app.js) fetches MNIST and hands the bytes over through the exports below;
// it reads the state back as JSON for window.bottleneck and the aria-live read-out.
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/fonts.h"
#include "platform/gl/damage.h"
#include "platform/gl/gl_textures.h"
#include "platform/sdl/event_trickle.h"
#include "platform/sdl/keys.h"
#include "platform/sdl/pointer.h"
#include "platform/gl/redraw.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"

namespace {

// Emscripten's callbacks and exports take no user pointer, so the platform layer keeps the one
// App of the page here; the core and the app have no globals.
struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  bn::platform::GlTextures textures;
  bn::platform::DamageTracker damage;  // what changed on screen since the last frame
  bn::platform::EventTrickle events;
  bn::platform::KeyRouter keys;
#if defined(__EMSCRIPTEN_PTHREADS__)
  bn::app::App app{&textures, true};
#else
  bn::app::App app{&textures, false};
#endif
  std::string status;
  std::string message;  // the last refusal handed to JavaScript
  std::vector<uint8_t> saved;  // the last model file handed to JavaScript
  std::vector<uint8_t> bytes;  // the last runs store or kept model handed to JavaScript
  std::vector<uint8_t> font;   // TrueType bytes from JavaScript, in use by ImGui's atlas
  float font_density = 0;      // the pixel density the font was rasterised for; 0: not yet
  int css_w = 0, css_h = 0;
};
Platform* g_platform = nullptr;

// The one-thread build trains this much of each ~16.7 ms frame (a step can run past it); the rest
// is for ImGui and the browser. tests/bench/page_bench.mjs, shallow: 6 ms keeps 57-59 fps at
// 26k samples/s; 9 ms gave 43-51 fps for about as many samples (fewer frames).
constexpr double kTrainBudgetMs = 6.0;

void fit_canvas_to_window(Platform& p) {
  double w = 0, h = 0;
  emscripten_get_element_css_size("#canvas", &w, &h);
  if (static_cast<int>(w) != p.css_w || static_cast<int>(h) != p.css_h) {
    p.css_w = static_cast<int>(w);
    p.css_h = static_cast<int>(h);
    SDL_SetWindowSize(p.window, p.css_w, p.css_h);
  }
}

void main_loop() {
  Platform& p = *g_platform;
  const double t0 = emscripten_get_now();
  SDL_Event event;
  while (p.events.next(event)) {
    if (!p.keys.route(event, p.app)) continue;
    ImGui_ImplSDL2_ProcessEvent(&event);
    bn::platform::forward_pointer(event, p.app);
    bn::platform::KeyRouter::shortcut(event, p.app);
  }
  fit_canvas_to_window(p);
  // (Re)rasterise the font for this screen's density: on arrival, and when the window moves to a
  // screen of another density.
  const float density = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (!p.font.empty() && density != p.font_density) {
    p.font_density = density;
    if (bn::app::use_font(p.font.data(), p.font.size(), density)) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      p.damage.invalidate();
    }
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  p.events.apply_mouse(ImGui::GetIO());
  p.events.end_frame();
  ImGui::NewFrame();
  p.app.frame(kTrainBudgetMs);
  ImGui::Render();
  // Only what changed is drawn again (the canvas keeps its pixels); a frame where nothing changed
  // draws nothing, and the browser then shows the last one again at no cost.
  ImDrawData* dd = ImGui::GetDrawData();
  const bn::platform::Damage& damage = p.damage.update(*dd);
  if (!damage.empty()) {
    int fb_w = 0, fb_h = 0;
    SDL_GL_GetDrawableSize(p.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    bn::platform::redraw(*dd, damage, bn::app::clear_color());
  }
  // Work only the browser can do, asked for by buttons this frame.
  if (p.app.take_download_request()) {
    p.saved = p.app.model_file();
    const std::string name = p.app.model_file_name();
    EM_ASM({ if (Module.downloadBytes) Module.downloadBytes($0, $1, UTF8ToString($2)); }, p.saved.data(), p.saved.size(),
           name.c_str());
  }
  if (p.app.take_upload_request()) EM_ASM({ if (Module.openUpload) Module.openUpload(); });
  if (p.app.take_intro_dismissed()) EM_ASM({ if (Module.introSeen) Module.introSeen(); });
  if (const int d = p.app.take_dataset_request(); d >= 0) EM_ASM({ if (Module.loadDataset) Module.loadDataset($0); }, d);
  p.app.set_frame_cost(emscripten_get_now() - t0, p.damage.damaged_share());
}

}  // namespace

extern "C" {

// Memory for JavaScript to copy a fetched file into; freed by bn_load_idx.
EMSCRIPTEN_KEEPALIVE uint8_t* bn_alloc(size_t size) { return static_cast<uint8_t*>(std::malloc(size)); }

// Parses and keeps one MNIST idx file (0 train images, 1 train labels, 2 test images, 3 test
// labels). Returns null on success, else the message (also shown in the page).
EMSCRIPTEN_KEEPALIVE const char* bn_load_idx(int which, uint8_t* bytes, size_t size) {
  bn::Status s = g_platform->app.load_idx(static_cast<bn::app::IdxFile>(which), bytes, size);
  std::free(bytes);
  if (s) return nullptr;
  g_platform->status = s.message();
  return g_platform->status.c_str();
}

// The page starts fetching dataset `which` (0 MNIST, 1 Fashion-MNIST).
EMSCRIPTEN_KEEPALIVE void bn_data_begin(int which) { g_platform->app.begin_dataset(static_cast<bn::app::Dataset>(which)); }

EMSCRIPTEN_KEEPALIVE void bn_data_progress(float fraction, const char* what) {
  g_platform->app.set_data_progress(fraction, what);
}

EMSCRIPTEN_KEEPALIVE void bn_data_error(const char* message) { g_platform->app.set_data_error(message); }

// Opens a model file (an upload, a dropped file, the autosave); frees `bytes`. `what` names it.
EMSCRIPTEN_KEEPALIVE void bn_model_load(uint8_t* bytes, size_t size, const char* what) {
  g_platform->app.load_model_file(bytes, size, what);
  std::free(bytes);
}

// The model file the autosave keeps (App::keep_file: while training, as of the latest epoch's
// end); valid until the next call. Size 0 (bn_model_save_size) when there is none yet.
EMSCRIPTEN_KEEPALIVE const uint8_t* bn_model_save() {
  g_platform->saved = g_platform->app.keep_file();
  return g_platform->saved.data();
}
EMSCRIPTEN_KEEPALIVE size_t bn_model_save_size() { return g_platform->saved.size(); }

// Bytes in use on the malloc heap (wasm memory only grows, so its size alone cannot show a leak);
// read by the soak test.
EMSCRIPTEN_KEEPALIVE double bn_heap_bytes() { return static_cast<double>(mallinfo().uordblks); }

EMSCRIPTEN_KEEPALIVE void bn_notice(const char* message) { g_platform->app.set_notice(message); }

// The runs of the page as bytes (app/run_store.h), for app.js to keep in IndexedDB; valid until
// the next call, its size from bn_bytes_size().
EMSCRIPTEN_KEEPALIVE const uint8_t* bn_runs_save() {
  g_platform->bytes = g_platform->app.runs_file();
  return g_platform->bytes.data();
}
// Run `id`'s kept model file, copied the same way; size 0 when it has none.
EMSCRIPTEN_KEEPALIVE const uint8_t* bn_run_model(int id) {
  const std::vector<uint8_t>* m = g_platform->app.run_model(id);
  g_platform->bytes = m ? *m : std::vector<uint8_t>();
  return g_platform->bytes.data();
}
EMSCRIPTEN_KEEPALIVE size_t bn_bytes_size() { return g_platform->bytes.size(); }

// Runs kept from the last visit; frees `bytes`. Returns null, or why they were not taken.
EMSCRIPTEN_KEEPALIVE const char* bn_runs_restore(uint8_t* bytes, size_t size) {
  const bn::Status s = g_platform->app.restore_runs(bytes, size);
  std::free(bytes);
  g_platform->message = s.message();
  return s ? nullptr : g_platform->message.c_str();
}
// A kept run's model file; `open`: it was the live model. Frees `bytes`. 0 when no kept run has
// that id (the page then opens the file as a model of its own).
EMSCRIPTEN_KEEPALIVE int bn_run_attach(int id, uint8_t* bytes, size_t size, int open) {
  const bool ok = g_platform->app.attach_run_model(id, bytes, size, open != 0).is_ok();
  std::free(bytes);
  return ok ? 1 : 0;
}

// This browser has seen the first-visit introduction (app.js keeps that in localStorage).
// Asked by the page before SDL sees a Tab: 1 lets the browser move its focus off the canvas.
EMSCRIPTEN_KEEPALIVE int bn_tab_leaves(int back) { return g_platform->app.tab_leaves(back != 0) ? 1 : 0; }
// The canvas took the browser's focus from the keyboard: the first (or last) control takes it.
EMSCRIPTEN_KEEPALIVE void bn_tab_enter(int back) { g_platform->app.tab(back != 0); }

EMSCRIPTEN_KEEPALIVE void bn_intro_seen() { g_platform->app.set_intro_seen(); }

// The UI font (TrueType bytes), used from the next frame on; frees `bytes`.
EMSCRIPTEN_KEEPALIVE void bn_set_font(uint8_t* bytes, size_t size) {
  g_platform->font.assign(bytes, bytes + size);
  g_platform->font_density = 0;
  std::free(bytes);
}

// The page's URL fragment (without '#'), applied once at start-up.
EMSCRIPTEN_KEEPALIVE void bn_apply_link(const char* fragment) { (void)g_platform->app.apply_link(fragment); }

// The state as JSON; valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* bn_status_json() {
  g_platform->status = g_platform->app.status_json();
  return g_platform->status.c_str();
}

}  // extern "C"

int main() {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
  // WebGL2 through SDL: ES 3.0 with no context flags (other versions make SDL ask for EGL
  // attributes Emscripten rejects).
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  static Platform platform;
  g_platform = &platform;
  double w = 1280, h = 800;
  emscripten_get_element_css_size("#canvas", &w, &h);
  platform.window = SDL_CreateWindow("Bottleneck", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, static_cast<int>(w),
                                     static_cast<int>(h), SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!platform.window) {
    std::fprintf(stderr, "SDL_CreateWindow failed: %s\n", SDL_GetError());
    return 1;
  }
  // The canvas keeps its pixels between frames, so a frame redraws only what changed.
  EM_ASM(EGL.contextAttributes.preserveDrawingBuffer = true;);
  platform.gl = SDL_GL_CreateContext(platform.window);
  if (!platform.gl) {
    std::fprintf(stderr, "WebGL2 is not available: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no file system in the page
  bn::app::apply_style();
  ImGui_ImplSDL2_InitForOpenGL(platform.window, platform.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  platform.textures.report_changes_to(&platform.damage);
  // With two cores or fewer, a worker that never rests starves the page's rendering (software
  // GL especially: 4 fps, and clicks lost); it trains 85% of the time there. (60% until the page
  // redrew only what changed; measured with tests/bench/page_bench.mjs: 60 fps either way, and
  // 53k instead of 38k samples/s by the wall clock.)
  const int cores = EM_ASM_INT({ return navigator.hardwareConcurrency || 2; });
  if (cores <= 2) platform.app.set_worker_share(0.85);
  EM_ASM(if (Module.onAppReady) Module.onAppReady(););
  emscripten_set_main_loop(main_loop, 0, 1);
  return 0;
}
