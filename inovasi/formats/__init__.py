"""Indonesian formats: how numbers, money and dates are read from and written for people."""
