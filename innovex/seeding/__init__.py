"""The steps of `innovex seed --demo`, one concept a module; `innovex.seed` runs them."""
