from django.urls import path

from complaints.api import attachments, views

urlpatterns = [
    path("complaints/", views.ComplaintsApi.as_view(), name="complaints"),
    path("complaints/<str:code>/", views.ComplaintDetailApi.as_view(), name="complaint-detail"),
    path(
        "complaints/<str:code>/reporter/",
        views.ComplaintReporterApi.as_view(),
        name="complaint-reporter",
    ),
    path(
        "complaints/<str:code>/transitions/",
        views.ComplaintTransitionApi.as_view(),
        name="complaint-transitions",
    ),
    path(
        "complaints/<str:code>/on-behalf/",
        views.ComplaintOnBehalfApi.as_view(),
        name="complaint-on-behalf",
    ),
    path(
        "complaints/<str:code>/pin-messages/",
        views.ComplaintPinSendApi.as_view(),
        name="complaint-pin-messages",
    ),
    path(
        "complaints/<str:code>/similar/",
        views.ComplaintSimilarApi.as_view(),
        name="complaint-similar",
    ),
    path(
        "complaints/<str:code>/duplicate-primary/",
        views.ComplaintDuplicatePrimaryApi.as_view(),
        name="complaint-duplicate-primary",
    ),
    path(
        "complaints/<str:code>/forwarding/",
        views.ComplaintForwardingApi.as_view(),
        name="complaint-forwarding",
    ),
    path("complaints/<str:code>/notes/", views.ComplaintNoteApi.as_view(), name="complaint-notes"),
    path(
        "complaints/<str:code>/public-outcome/",
        views.ComplaintPublicOutcomeApi.as_view(),
        name="complaint-public-outcome",
    ),
    path(
        "complaints/<str:code>/answer-draft/",
        views.ComplaintAnswerDraftApi.as_view(),
        name="complaint-answer-draft",
    ),
    path(
        "complaints/<str:code>/identity-grants/",
        views.IdentityGrantApi.as_view(),
        name="complaint-identity-grants",
    ),
    path(
        "desa/<str:code>/identity-access/",
        views.IdentityAccessLogApi.as_view(),
        name="desa-identity-access",
    ),
    path(
        "desa/<str:code>/complaint-counts/",
        views.ComplaintCountsApi.as_view(),
        name="desa-complaint-counts",
    ),
    path(
        "desa/<str:code>/complaints/dismiss-spam/",
        views.DismissSpamApi.as_view(),
        name="desa-complaints-dismiss-spam",
    ),
    path("desa/<str:code>/categories/", views.CategoryListApi.as_view(), name="desa-categories"),
    path("track/", views.TrackApi.as_view(), name="track"),
    path("track/transitions/", views.TrackTransitionApi.as_view(), name="track-transitions"),
    path(
        "complaints/<str:code>/attachments/",
        attachments.ComplaintAttachmentUploadApi.as_view(),
        name="complaint-attachments",
    ),
    path(
        "complaints/<str:code>/attachments/<str:token>/",
        attachments.AttachmentDownloadApi.as_view(),
        name="complaint-attachment",
    ),
    path(
        "track/attachments/",
        attachments.TrackAttachmentUploadApi.as_view(),
        name="track-attachments",
    ),
    path("track/files/<str:signed>/", attachments.TrackFileApi.as_view(), name="track-file"),
    path(
        "track/files/<str:signed>/thumbnail/",
        attachments.TrackFileThumbnailApi.as_view(),
        name="track-file-thumbnail",
    ),
]
