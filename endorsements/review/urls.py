from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    # Coordinator
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/assign/", views.inbox_assign, name="inbox_assign"),
    path("applications/<int:pk>/assign/", views.assign, name="assign"),
    path("applications/<int:pk>/return/", views.resubmission_return, name="resubmission_return"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/return-incomplete/", views.application_return, name="return"),
    path("assignments/<int:pk>/replace/", views.assignment_replace, name="assignment_replace"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("assignments/<int:pk>/extend/", views.assignment_extend, name="assignment_extend"),
    path("decisions/held/", views.held_decisions, name="held_decisions"),
    path("decisions/<int:pk>/cancel/", views.held_decision_cancel, name="held_decision_cancel"),
    path("applications/<int:pk>/exam/", views.exam_record, name="exam_record"),
    # Reviewers (and coordinators for files)
    path("applications/<int:pk>/files/<int:file_id>/", views.file_download, name="file"),
    path("queue/", views.queue, name="queue"),
    path("assignments/<int:pk>/", views.review, name="review"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/delete/", views.conflict_delete, name="conflict_delete"),
    path("exam/<int:pk>/", views.exam_score, name="exam_score"),
    path("exam/<int:pk>/answers/", views.exam_answers_download, name="exam_answers"),
]
