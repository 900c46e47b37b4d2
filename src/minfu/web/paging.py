"""Which page numbers a pagination bar shows. Pure: no Django, tested with hypothesis."""

# A gap in the bar, shown as an ellipsis.
GAP = None


def page_window(current: int, total: int, *, radius: int = 2) -> list[int | None]:
    """Page numbers to link: the first and last pages, `radius` pages either side of
    `current`, and GAP where numbers are left out. A gap of a single page shows the page
    instead, since a link takes no more room than an ellipsis.

    >>> page_window(6, 20)
    [1, None, 4, 5, 6, 7, 8, None, 20]
    """
    if total < 1:
        return []
    current = min(max(current, 1), total)
    shown = {1, total, *range(max(1, current - radius), min(total, current + radius) + 1)}
    window: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number - previous == 2:
            window.append(number - 1)
        elif number - previous > 2:
            window.append(GAP)
        window.append(number)
        previous = number
    return window
