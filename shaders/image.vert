// Vertex stage of the app's own images: ImGui's vertex layout and projection, so an image that
// ImGui::Image draws can switch to colormap.frag through a draw-list callback. The platform
// prepends the #version line (300 es in the page, 130 on the desktop).
uniform mat4 ProjMtx;
in vec2 Position;
in vec2 UV;
in vec4 Color;
out vec2 Frag_UV;

void main() {
  Frag_UV = UV;
  gl_Position = ProjMtx * vec4(Position.xy, 0.0, 1.0);
}
