"""Look inside a model: every layer's output, feature maps, filters, Grad-CAM and saliency.

No Qt here: the app and the `inspect` command both call these modules.

- `engine.InspectionEngine`: one per loaded model; every layer's output from one forward pass.
- `features`: a layer's channels as a grid image; one channel large.
- `filters`: a layer's weights as tiles (kernels, weight templates).
- `gradcam`: Grad-CAM and saliency heat maps, blended over the image.
- `render`: enlarging, titles and atomic PNG saving.
"""
