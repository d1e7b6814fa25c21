"""The model: the dataset and what is computed from it (graphs, layouts, metrics, timelines,
selections, stories), as networkx graphs and pandas frames. It imports nothing from the views,
the readers and writers or the apps."""
