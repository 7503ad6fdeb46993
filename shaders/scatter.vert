// Vertex stage of the code-space scatter: ImGui's vertex layout and projection. Each dot arrives
// as one triangle around its centre whose UV is the position within the dot in radii (0 at the
// centre); scatter.frag cuts the round dot out of it.
uniform mat4 ProjMtx;
in vec2 Position;
in vec2 UV;
in vec4 Color;
out vec2 Frag_UV;
out vec4 Frag_Color;

void main() {
  Frag_UV = UV;
  Frag_Color = Color;
  gl_Position = ProjMtx * vec4(Position.xy, 0.0, 1.0);
}
