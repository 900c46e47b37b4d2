"""When to try a failed message again. Pure: no ORM, tested with hypothesis."""

from datetime import timedelta

FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(days=1)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after `attempts` failed tries: 1, 2, 4, 8... minutes, at most a
    day (so a long outage of the mail server still gets a daily try)."""
    if attempts < 1:
        return timedelta(0)
    exponent = min(attempts - 1, 20)  # 2**20 minutes is far past the cap already
    return min(FIRST_DELAY * (2 ** exponent), LONGEST_DELAY)


def gives_up(attempts: int, max_attempts: int) -> bool:
    """Whether a message that failed `attempts` times is given up as failed."""
    return attempts >= max(max_attempts, 1)
