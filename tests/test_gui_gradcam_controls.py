"""The Grad-CAM controls under the image: at the app's size the pickers show their whole text."""

from gui.widgets.gradcam_controls import GradCamControls

# About the width the image panel gives them in a 1,280-pixel window.
PANEL_WIDTH = 690


def test_the_attribute_and_class_pickers_show_their_whole_text_in_the_image_panel(qtbot):
    controls = GradCamControls()
    qtbot.addWidget(controls)
    attributes = [{"name": "舌色 body-colour", "classes": ["淡红舌 light-red", "红舌 red"]},
                  {"name": "苔色 coating", "classes": ["薄白苔 thin-white", "黄苔 yellow"]}]
    controls.set_model(attributes[0]["classes"], attributes)
    controls.set_on(True)
    controls.resize(PANEL_WIDTH, 60)
    controls.show()
    qtbot.waitExposed(controls)

    metrics = controls.fontMetrics()
    for picker in (controls.attribute_picker, controls.class_picker):
        assert picker.isVisible()
        # The text area is the picker less its arrow (about 30 pixels).
        assert picker.width() - 30 >= metrics.horizontalAdvance(picker.currentText()), picker.currentText()
    assert controls.opacity.isEnabled()
