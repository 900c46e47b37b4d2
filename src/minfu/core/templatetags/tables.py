"""`{% load tables %}`: the staff pages' data table, written once.

    {% table _("When") _("Who") label=_("Audit events") caption=_("Audit events") %}
      {% for event in events %}<tr>…</tr>{% endfor %}
    {% endtable %}

renders `core/_table.html`: a keyboard-scrollable region named `label` (default: the
caption) around a table with `caption`, one `<th scope="col">` per positional argument
and the rows between the tags as its body. `caption_hidden=True` keeps the caption for
screen readers only, where a heading right above already says the same."""

from django import template
from django.template.base import kwarg_re
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()


class TableNode(template.Node):
    def __init__(self, columns, options, body):
        self.columns = columns
        self.options = options
        self.body = body

    def render(self, context) -> str:
        options = {name: value.resolve(context) for name, value in self.options.items()}
        caption = options.get("caption", "")
        return get_template("core/_table.html").render({
            "label": options.get("label", caption), "caption": caption,
            "caption_hidden": options.get("caption_hidden", False),
            "columns": [column.resolve(context) for column in self.columns],
            "body": mark_safe(self.body.render(context)),  # the rows, rendered above
        })


@register.tag
def table(parser, token) -> TableNode:
    columns, options = [], {}
    for bit in token.split_contents()[1:]:
        name, value = kwarg_re.match(bit).groups()
        if name and name not in ("label", "caption", "caption_hidden"):
            raise template.TemplateSyntaxError(f"table: unknown option {name!r}")
        if name:
            options[name] = parser.compile_filter(value)
        else:
            columns.append(parser.compile_filter(value))
    body = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(columns, options, body)
