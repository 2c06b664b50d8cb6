"""The product's URLs, and after them (so no product route pays for it) the stock list."""

from django.urls import path
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework_simplejwt.authentication import JWTAuthentication

from accounts.scoping import visible_complaints
from complaints.api.serializers import ComplaintListOut
from config.urls import urlpatterns as product_urlpatterns


class PageWithCount(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class StockInboxApi(ListAPIView):
    """The product's inbox page (same rows, same order, same JSON per row) as DRF's
    documentation writes a list: simplejwt's own authentication, a `ModelSerializer` (the
    documented `ComplaintListOut`), `select_related`, page-number pagination with its
    COUNT, and DRF's JSON renderer."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    pagination_class = PageWithCount
    serializer_class = ComplaintListOut

    def get_queryset(self):
        return (
            visible_complaints(self.request.user, for_listing=True)
            .select_related("category", "desa", "sla")
            .order_by("-submitted_at", "-id")
        )


urlpatterns = [
    *product_urlpatterns,
    path("api/bench/stock-inbox/", StockInboxApi.as_view()),
]
