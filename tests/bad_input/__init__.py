"""The table of bad and unusual input to skreg's public API (tests/test_bad_input.py).

``cases`` builds the inputs, ``targets`` wraps each public callable in a uniform
keyword interface, ``table`` says what each target must do with each case, and
``exact`` holds the scalers' exact reference for the rows that expect ``EXACT``.
"""
