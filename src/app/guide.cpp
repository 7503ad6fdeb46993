#include "app/guide.h"

namespace bn::app {

namespace {

const PresetCard kCards[] = {
    {"shallow",
     "One relu layer squeezes each 784-pixel image into 32 numbers, the code, and one sigmoid layer rebuilds the "
     "image from them. The code is the bottleneck: 32 numbers cannot store every pixel, so the network has to learn "
     "what digits have in common.",
     "Reconstructions sharpen within the first epoch. Filters shows what each of the 32 units looks for; Latent "
     "space spreads the test digits' codes on a plane, coloured by digit.",
     "The first model of 'Building Autoencoders in Keras' (F. Chollet, the Keras blog, 2016)."},
    {"deep",
     "Three layers down (128, 64, 32 units) and three back up. More layers let the encoder bend the data before the "
     "bottleneck, so the same 32-number code can keep more of each digit.",
     "Compare its test loss with shallow's in Curves (same seed): deeper is not always better in the first epochs. "
     "Reconstructions keep more of the strokes' shape.",
     "The deep autoencoder of 'Building Autoencoders in Keras'; Goodfellow, Bengio and Courville, Deep Learning, "
     "chapter 14."},
    {"tied",
     "The decoder has no kernels of its own: each decoder layer uses an encoder layer's weights transposed. Half the "
     "parameters, and encoder and decoder must agree on what each unit means.",
     "Filters: the first layer's weights are also the last layer's, so both sides show the same pictures. The "
     "parameter count in the Model panel's summary is about half of deep's.",
     "Weight tying as in stacked autoencoders: Vincent et al., 'Stacked Denoising Autoencoders' (JMLR 2010)."},
    {"denoising",
     "Training inputs get Gaussian noise (sigma 0.5); the target is the clean image. To undo noise the model has to "
     "learn what a digit looks like, not copy pixels.",
     "Reconstructions shows the noisy inputs the model sees and what it makes of them. Draw a digit, then raise the "
     "noise slider in Diagnostics: the reconstruction stays clean while the input gets speckled.",
     "The denoising example of 'Building Autoencoders in Keras'; Vincent et al., 'Extracting and Composing Robust "
     "Features with Denoising Autoencoders' (ICML 2008)."},
    {"sparse",
     "Shallow with an L1 penalty on the code: every active unit costs a little, so each digit is described by few "
     "units. Sparse codes are easier to read unit by unit.",
     "Diagnostics: mean activation per code unit falls and some units switch off for most digits; Curves with "
     "'loss parts' shows the activity penalty beside the reconstruction.",
     "The sparse example of 'Building Autoencoders in Keras' (activity_regularizer=l1(1e-5))."},
    {"sparse_kl",
     "A sigmoid code whose average activation is pulled towards a target rho (0.05) by a KL-divergence penalty: each "
     "unit should fire for about one image in twenty.",
     "Diagnostics: the mean activation bars approach the rho line; Filters shows more local, stroke-like features "
     "than shallow's.",
     "Andrew Ng, 'Sparse autoencoder', CS294A lecture notes (Stanford, 2011)."},
    {"contractive",
     "Penalises how much the code changes when the input moves (the Jacobian's norm), so small changes of a digit "
     "give almost the same code and only the directions digits really vary in are kept.",
     "Draw a digit and erase a little of it: the code in Draw barely moves. Curves with 'loss parts' shows the "
     "contractive term.",
     "Rifai et al., 'Contractive Auto-Encoders: Explicit Invariance During Feature Extraction' (ICML 2011)."},
    {"dropout",
     "Dropout switches off a fifth of the encoder's units at random in every training batch, so the code cannot rely "
     "on any one unit. Trained on RMSE, as for data that are not pixels.",
     "Curves: the training loss sits above the test loss, because dropout is on only while training. "
     "Reconstructions are a little blurrier than deep's.",
     "Srivastava et al., 'Dropout: A Simple Way to Prevent Neural Networks from Overfitting' (JMLR 2014)."},
    {"conv",
     "Convolutions look at 3x3 patches and pooling halves the image twice, to a 7x7x8 code (392 numbers). The model "
     "knows that pixels next to each other belong together, with only 4,385 parameters.",
     "Reconstructions are the sharpest of all presets after one epoch; training is slower (samples/s in Train). "
     "Filters shows the 3x3 kernels.",
     "The convolutional example of 'Building Autoencoders in Keras'."},
};

const std::vector<Experiment> kExperiments = {
    {"Squeeze the code to 2 units", "shallow", 2, 3, 0, "",
     "Reconstructions blur into a few typical digits: two numbers cannot hold a whole digit. Latent space now shows "
     "the code itself, and similar digits land together. Hover over or tap the plane to see what each point decodes to."},
    {"Clean your drawing with the denoiser", "denoising", 0, 3, 0, "",
     "Once it has trained, draw a digit in Draw: it is speckled with noise as the training inputs were (Diagnostics' "
     "noise slider, at the training noise to begin with) and the reconstruction comes out clean. Slide the noise "
     "to 0 to see what it makes of a clean drawing, which it never saw in training."},
    {"Sparse against shallow, same seed", "shallow", 0, 3, 7, "sparse",
     "Shallow trains first, then sparse at the same seed. Curves overlays both (untick a run in the table to see "
     "the other); the table compares their test losses. Diagnostics shows the live model, sparse: its mean "
     "activations sit far lower than shallow's (open shallow from the table to compare)."},
    {"Convolutions against dense layers", "shallow", 0, 2, 0, "conv",
     "Shallow first, then conv. Compare reconstructions and the test losses in the runs table: conv reaches a lower "
     "loss with a tenth of the parameters, but trains more slowly."},
};

const std::vector<const char*> kIntro = {
    "An autoencoder learns to copy its input through a bottleneck: an encoder squeezes each image into a short code, "
    "and a decoder rebuilds the image from the code alone.",
    "The bottleneck is the point. A 28x28 digit has 784 pixels; the shallow model's code has 32 numbers. To rebuild "
    "digits from so little, the network must learn what digits have in common: strokes, loops, slants.",
    "Try this first: press Start and watch Reconstructions sharpen and the loss fall in Curves. Then draw "
    "a digit in Draw and see its code and reconstruction follow your strokes. The Guide button brings this back, "
    "with one-click experiments and a card for each model.",
};

}  // namespace

const PresetCard* preset_card(const std::string& preset) {
  for (const PresetCard& c : kCards)
    if (preset == c.preset) return &c;
  return nullptr;
}

const std::vector<Experiment>& experiments() { return kExperiments; }

const std::vector<const char*>& intro_paragraphs() { return kIntro; }

}  // namespace bn::app
