"""Numbers -> verdicts: each metric read with the partner that guards it. Pure: no I/O, no clock."""
