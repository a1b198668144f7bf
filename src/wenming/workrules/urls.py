"""The work rules' pages (文明委工作)."""

from django.urls import path

from .views import index, meetings, reports, training, units

app_name = "workrules"
urlpatterns = [
    path("", index.index, name="index"),
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/papers/", meetings.paper_add, name="paper_add"),
    path("meetings/<int:pk>/circulate/", meetings.circulate, name="circulate"),
    path("meetings/<int:pk>/leave/<int:attendee>/", meetings.leave, name="leave"),
    path("meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path("meetings/<int:pk>/decisions/", meetings.decision, name="decision"),
    path("papers/<int:pk>/file/", meetings.paper_file, name="paper_file"),
    path("liaisons/", units.liaisons, name="liaisons"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("units/<int:pk>/appoint/", units.appoint, name="appoint"),
    path("officers/<int:pk>/update/", units.officer_update, name="officer_update"),
    path("officers/<int:pk>/leave/", units.officer_leave, name="officer_leave"),
    path("reports/", reports.reports, name="reports"),
    path("reports/new/", reports.report_new, name="report_new"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/decide/", reports.report_decide, name="report_decide"),
    path("reports/<int:pk>/file/", reports.report_file, name="report_file"),
    path("figures/", reports.figures, name="figures"),
    path("bulletins/<int:pk>/", reports.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/number/", reports.bulletin_number, name="bulletin_number"),
    path("bulletins/<int:pk>/bulletin.<str:fmt>", reports.bulletin_file, name="bulletin_file"),
    path("training/", training.trainings, name="trainings"),
    path("training/<int:pk>/", training.training_detail, name="training"),
    path("training/<int:pk>/attendance/", training.training_attendance, name="training_attendance"),
    path("training/attendance/", training.attendance_table, name="attendance"),
]
