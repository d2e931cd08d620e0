# URL patterns of this area; included from the audience's urls.py.
urlpatterns = []
