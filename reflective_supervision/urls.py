app_name = "reflective_supervision"

urlpatterns: list = []
