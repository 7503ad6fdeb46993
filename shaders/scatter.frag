// A round dot with an anti-aliased edge one screen pixel wide, in the vertex colour: 1,000 test
// codes cost one triangle each instead of a fan of them.
in vec2 Frag_UV;
in vec4 Frag_Color;
out vec4 Out_Color;

void main() {
  float d = length(Frag_UV);
  float edge = fwidth(d);
  float a = 1.0 - smoothstep(1.0 - edge, 1.0, d);
  if (a <= 0.0) discard;
  Out_Color = vec4(Frag_Color.rgb, Frag_Color.a * a);
}
