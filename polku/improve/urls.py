from django.urls import path

from .views import audits, backlog, testimonials

app_name = "improve"

urlpatterns = [
    path("", backlog.backlog, name="backlog"),
    path("new/", backlog.improvement_new, name="new"),
    path("<int:pk>/", backlog.improvement_detail, name="detail"),
    path("<int:pk>/delete/", backlog.improvement_delete, name="delete"),
    path("from-case/<int:pk>/", backlog.improvement_from_case, name="from_case"),
    path("audits/", audits.audit_list, name="audits"),
    path("audits/checklists/new/", audits.template_new, name="template_new"),
    path("audits/checklists/<int:pk>/", audits.template_detail, name="template_detail"),
    path("audits/checklists/<int:pk>/delete/", audits.template_delete, name="template_delete"),
    path("audits/checklists/<int:pk>/start/", audits.audit_start, name="audit_start"),
    path("audits/sections/<int:pk>/", audits.section_edit, name="section_edit"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/walk/", audits.audit_walk, name="audit_walk"),
    path("audits/<int:pk>/delete/", audits.audit_delete, name="audit_delete"),
    path("audits/findings/<int:pk>/photo/", audits.finding_photo, name="finding_photo"),
    path("audits/findings/<int:pk>/improve/", audits.finding_improve, name="finding_improve"),
    path("testimonials/", testimonials.testimonial_list, name="testimonials"),
    path("testimonials/export.csv", testimonials.testimonial_csv, name="testimonials_csv"),
    path("testimonials/snippet/", testimonials.testimonial_snippet, name="testimonials_snippet"),
    path(
        "testimonials/<int:pk>/withdraw/",
        testimonials.testimonial_withdraw,
        name="testimonial_withdraw",
    ),
]
