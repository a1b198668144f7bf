"""The site's addresses plus one test page with three irreversible-looking forms."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from wenming.urls import urlpatterns as site

SUBMITTED: list[str] = []

PAGE = """{% extends "base.html" %}
{% block content %}
<p id="count">已提交 {{ count }} 次</p>
<form method="post" id="plain">{% csrf_token %}
  <input type="hidden" name="which" value="plain">
  <button name="go" value="button" data-confirm="发布后不能撤回，确定发布吗？">发布</button>
</form>
<form method="post" id="boosted" hx-post="" hx-target="#count" hx-select="#count"
      hx-swap="outerHTML" data-confirm="抽样只能进行一次，确定抽样吗？">{% csrf_token %}
  <input type="hidden" name="which" value="htmx">
  <button name="go" value="htmx">抽样</button>
</form>
{% endblock %}"""


def confirm_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        SUBMITTED.append(f"{request.POST.get('which')}:{request.POST.get('go')}")
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"count": len(SUBMITTED)}, request))


urlpatterns = [path("confirm-test/", confirm_page), *site]
