"""The graph layer: the data model, the store interface and its two stores, exports."""
