// Colour maps for the app's images (digits, reconstructions, filters). The texture holds one value
// per pixel in its red channel, written by TileAtlas: ink in [0, 1], or a signed weight mapped to
// [0, 1] around 0.5. Map 0 shows ink black to white, as MNIST digits are shown; Map 1 shows
// signed values blue (negative) through near-black to orange (positive), so small weights recede.
uniform sampler2D Texture;
uniform int Map;
in vec2 Frag_UV;
out vec4 Out_Color;

void main() {
  float v = texture(Texture, Frag_UV).r;
  if (Map == 0) {
    Out_Color = vec4(v, v, v, 1.0);
    return;
  }
  float t = v * 2.0 - 1.0;
  float a = abs(t);
  vec3 positive = vec3(0.08) + a * vec3(0.92, 0.55, 0.10);
  vec3 negative = vec3(0.08) + a * vec3(0.15, 0.50, 0.92);
  Out_Color = vec4(t >= 0.0 ? positive : negative, 1.0);
}
