"""Sites: the places that hold devices (antennas, digital spaces, the bus, the workshop...)."""
