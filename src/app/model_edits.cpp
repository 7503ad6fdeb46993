#include "app/model_edits.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/text.h"
#include "core/layers/activation.h"

namespace bn::app {

namespace {

// The layer's name, or "code" for the code layer (the edit people make most).
std::string layer_name(const ModelSpec& s, int i) { return i == s.code_layer ? "code" : s.layers[i].name; }

void layer_edits(const ModelSpec& base, const ModelSpec& e, std::vector<std::string>& out) {
  if (base.layers.size() != e.layers.size()) {
    out.push_back(std::to_string(e.layers.size()) + " layers");
    return;
  }
  if (base.code_layer != e.code_layer && e.code_layer >= 0 && e.code_layer < static_cast<int>(e.layers.size()))
    out.push_back("code at " + e.layers[e.code_layer].name);
  for (size_t i = 0; i < e.layers.size(); ++i) {
    const LayerSpec &a = base.layers[i], &b = e.layers[i];
    const std::string name = layer_name(e, static_cast<int>(i));
    if (a.type != b.type) {
      out.push_back(name + " " + b.type);
      continue;
    }
    if (b.type == "Dense" && a.dense.units != b.dense.units) out.push_back(name + " " + std::to_string(b.dense.units) + " units");
    if (b.type == "Conv2D" && a.conv.filters != b.conv.filters)
      out.push_back(name + " " + std::to_string(b.conv.filters) + " filters");
    if (a.activation() != b.activation()) out.push_back(name + " " + activation_name(b.activation()));
    if (b.type == "Dropout" && a.rate != b.rate) out.push_back(name + " rate " + num_text(b.rate));
    if (b.type == "GaussianNoise" && a.stddev != b.stddev) out.push_back(name + " stddev " + num_text(b.stddev));
    if (a.activity.l1 != b.activity.l1) out.push_back(name + " L1 " + num_text(b.activity.l1));
    if (a.activity.l2 != b.activity.l2) out.push_back(name + " L2 " + num_text(b.activity.l2));
  }
}

}  // namespace

std::string describe_edits(const ModelSpec& base, const ModelSpec& e, int max_items) {
  std::vector<std::string> out;
  if (base.input != e.input) out.push_back("input " + e.input.str());
  layer_edits(base, e, out);
  if (base.loss != e.loss) out.push_back(std::string("loss ") + loss_name(e.loss));
  const Penalties &p = base.penalties, &q = e.penalties;
  if (p.kl_beta != q.kl_beta) out.push_back("KL beta " + num_text(q.kl_beta));
  if (p.kl_rho != q.kl_rho) out.push_back("KL rho " + num_text(q.kl_rho));
  if (p.contractive != q.contractive) out.push_back("contractive " + num_text(q.contractive));
  if (p.weight_decay != q.weight_decay) out.push_back("weight decay " + num_text(q.weight_decay));
  if (base.corruption.kind != e.corruption.kind || base.corruption.amount != e.corruption.amount)
    out.push_back(e.corruption.active() ? std::string(corruption_name(e.corruption.kind)) + " " + num_text(e.corruption.amount)
                                        : std::string("no corruption"));
  std::string text;
  const int shown = std::min<int>(max_items, static_cast<int>(out.size()));
  for (int i = 0; i < shown; ++i) text += (i ? ", " : "") + out[i];
  if (static_cast<int>(out.size()) > shown) text += ", +" + std::to_string(out.size() - shown) + " more";
  return text;
}

std::string model_label(const ModelSpec& base, const ModelSpec& edited) {
  const std::string edits = describe_edits(base, edited);
  return edits.empty() ? edited.name : edited.name + " (" + edits + ")";
}

}  // namespace bn::app
