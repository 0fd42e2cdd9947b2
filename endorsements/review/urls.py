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
