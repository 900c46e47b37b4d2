"""Form widgets are drawn by Jinja2 (core.forms.WidgetRenderer): the same HTML as the
Django templates draw, and the admin's widgets, which have no Jinja2 template, still draw."""

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from minfu.core.forms import RocDateField, WidgetRenderer


class Sample(forms.Form):
    name = forms.CharField(label="名稱", max_length=20, help_text="說明")
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "甲 <b>"), ("b", "乙")])
    when = RocDateField(required=False)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")],
                                     widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField(required=False)


def test_the_site_draws_widgets_with_it():
    assert isinstance(get_default_renderer(), WidgetRenderer)


def test_each_widget_draws_as_the_django_templates_draw_it():
    data = {"name": "x" * 30, "kind": "a", "many": ["y"]}

    def drawn(renderer) -> dict[str, str]:
        form = Sample(data=data, renderer=renderer)
        form.is_valid()
        return {name: str(form[name]) for name in form.fields}

    fast, slow = drawn(WidgetRenderer()), drawn(DjangoTemplates())
    # The same elements, attributes and text; only white space between tags differs.
    assert {name: parse_html(html) for name, html in fast.items()} == {
        name: parse_html(html) for name, html in slow.items()}
    assert "&lt;b&gt;" in fast["kind"]          # escaped by both


def test_a_widget_without_a_jinja2_template_is_drawn_by_the_django_templates():
    renderer = WidgetRenderer()
    html = renderer.render("admin/widgets/related_widget_wrapper.html", {
        "rendered_widget": mark_safe("<select></select>"), "is_hidden": False, "name": "unit",
        "url_params": "", "model": "unit", "model_name": "unit", "can_add_related": False,
        "can_change_related": False, "can_delete_related": False, "can_view_related": False})
    assert "<select></select>" in html
    assert "admin/widgets/related_widget_wrapper.html" in renderer._django_only
