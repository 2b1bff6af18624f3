"""Records -> numbers. Pure: no I/O, no clock; every window is passed in."""
