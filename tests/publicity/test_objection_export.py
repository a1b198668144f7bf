"""The objections as Excel: the manage page's status filter, no complainant's contact,
named in Chinese, only for the running office."""

from django.urls import reverse
from tests.conftest import login
from tests.core.test_list_exports import filename_of, sheet_rows
from tests.publicity.test_views import publicity  # noqa: F401  (the fixture)

from wenming.publicity import services

URL = "/exports/objections.xlsx"


def test_objection_export_has_the_pages_filtered_rows(client, screened, cast, publicity) -> None:  # noqa: F811
    def lodge(name: str, reasons: str):
        return services.objection_lodge(
            acting_user=None,
            publicity=publicity,
            application_id=screened.apps[name].pk,
            reasons=reasons,
            contact="13900000000",
        )

    decided = lodge("East Extra", "=Fraudulent statistics.")
    lodge("East Extra", "Still open.")
    services.objection_decide(acting_user=cast.city, objection=decided, upheld=False, reply="No.")
    login(client, cast.city)
    campaign = screened.setup.campaign.pk
    manage = reverse("publicity:manage", args=[campaign])
    page = client.get(manage, {"status": "rejected"}).content.decode()
    assert f"{URL}?campaign={campaign}&amp;status=rejected" in page
    assert "Still open." not in page
    response = client.get(URL, {"campaign": campaign, "status": "rejected"})
    assert filename_of(response).endswith("公示异议.xlsx")
    rows = sheet_rows(response)
    assert rows[1] == ["提出时间", "被反映单位", "异议理由", "状态", "答复", "办结时间"]
    assert [r[1:5] for r in rows[2:]] == [
        ["East Extra", "'=Fraudulent statistics.", "异议不成立", "No."]
    ]
    everything = sheet_rows(client.get(URL, {"campaign": campaign}))
    assert len(everything) == 4
    assert "13900000000" not in str(everything)
    login(client, cast.county)
    assert client.get(URL, {"campaign": campaign}).status_code == 403
