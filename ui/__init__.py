"""User interfaces: the `bangfu` CLI and the Gradio app. Thin: they call query/ and graph/."""
