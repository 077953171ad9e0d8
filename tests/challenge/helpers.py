"""Solving challenges as a browser (or a script) would: the same proof of work, in Python."""

import altcha
from altcha.v2 import Challenge, Payload


def solve(challenge_json):
    """The widget's payload (base64) for a challenge as the endpoint returned it."""
    challenge = Challenge.from_dict(challenge_json)
    solution = altcha.solve_challenge(challenge)
    return Payload(challenge, solution).to_base64()
