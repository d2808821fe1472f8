"""Implementation of :mod:`cais_sim.strategies`; import from the public module instead."""
