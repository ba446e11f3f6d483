"""The scenario as a networkx graph, laid out left to right. Qt-free."""
