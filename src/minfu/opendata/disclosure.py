"""Small-number protection of published figures (pages and datasets). Pure: no ORM, no
settings; the callers pass the threshold `k` (setting `MINFU_OPEN_DATA_MIN_COUNT`, 3 by
default).

A published cell that counts people (applications, petitions, ratings, answers) must
never show a count in (0, k): one or two people could be recognised from it. The rule:

- **primary suppression**: a count c with 0 < c < k is hidden (shown as "<k" on pages,
  left blank with `suppressed` true in the data files). 0 is published: nobody is in it;
- **secondary suppression**: where the cells of a group add up to a published total (the
  months of a year, the kinds of petition of a month), one hidden cell could be
  recomputed as the total minus the others; then the smallest other non-zero cell is
  hidden too, so that at least two cells hide behind the total. A total that is itself
  in (0, k) is hidden, and then every non-zero cell of the group is below k and hidden;
- a **ratio or mean** is about the people of its denominator: it is hidden where its
  denominator cell is hidden by the two rules above (so the number of people on time in a
  month cannot be worked back from the year's rate either).

Counts of things that are not people (improvement items) are published as they are."""

from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_MIN_COUNT = 3


def is_small(count: float, k: int) -> bool:
    """A count of people too small to publish."""
    return 0 < count < k


def hidden_cells(counts: Sequence[float], k: int, *, total_published: bool = True
                 ) -> list[bool]:
    """Which of the group's cells to hide, primary and secondary suppression together.
    `total_published`: whether the group's sum is published (or can be read elsewhere)."""
    hidden = [is_small(count, k) for count in counts]
    total = sum(counts)
    if total_published and not is_small(total, k) and hidden.count(True) == 1:
        others = [(count, index) for index, count in enumerate(counts)
                  if not hidden[index] and count > 0]
        if others:
            hidden[min(others)[1]] = True
    return hidden


@dataclass(frozen=True)
class Cell:
    """One published figure: `value` is None when it is hidden (`suppressed`) or when
    there is nothing to show (a rate of nobody)."""

    value: float | None
    suppressed: bool = False

    def display(self, k: int, digits: int = 1) -> str:
        if self.suppressed:
            return f"<{k}"
        if self.value is None:
            return "–"
        if float(self.value).is_integer():
            return f"{int(self.value)}"
        return f"{self.value:.{digits}f}"


def protect_counts(counts: Sequence[float], k: int, *, people: bool = True
                   ) -> tuple[list[Cell], Cell]:
    """The cells of a group of counts and their total, protected when they count people."""
    total = float(sum(counts))
    if not people:
        return [Cell(float(count)) for count in counts], Cell(total)
    hidden = hidden_cells(counts, k)
    return ([Cell(None, True) if hide else Cell(float(count))
             for count, hide in zip(counts, hidden, strict=True)],
            Cell(None, True) if is_small(total, k) else Cell(total))


def protect_rates(pairs: Sequence[tuple[float, float]], k: int, *, scale: float = 100,
                  people: bool = True) -> tuple[list[Cell], Cell]:
    """Rates or means of (numerator, denominator) pairs and of their sum: a cell is hidden
    where its denominator is (`protect_counts` over the denominators). `scale` is 100 for
    a percentage, 1 for a mean."""
    denominators = [denominator for _numerator, denominator in pairs]
    shown, total_shown = protect_counts(denominators, k, people=people)

    def rate(numerator: float, denominator: float, cell: Cell) -> Cell:
        if cell.suppressed:
            return Cell(None, True)
        return Cell(numerator / denominator * scale if denominator else None)

    cells = [rate(n, d, cell) for (n, d), cell in zip(pairs, shown, strict=True)]
    numerator = sum(n for n, _d in pairs)
    return cells, rate(numerator, sum(denominators), total_shown)


def published_values(cells: Sequence[Cell]) -> list[float | None]:
    """What a file or chart shows of the cells: the values, None where hidden."""
    return [None if cell.suppressed else cell.value for cell in cells]
