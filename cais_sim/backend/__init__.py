"""The simulated CAIS backend: intake, state, feedback and the CAT Trading Day clock."""
