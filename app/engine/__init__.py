"""The simulated AWS: runs a scenario and returns a deterministic `Trace`. Qt-free."""
