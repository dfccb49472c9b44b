"""Single sign-on through OpenID Connect (mozilla-django-oidc), off unless OIDC_ENABLED.

The provider's e-mail claim logs in the one existing, active account with that address;
nobody is created, and an address shared by two accounts logs in neither. Roles that need a
second factor still give it on our own check page afterwards.
"""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from django.contrib.auth import get_user_model


class ExistingAccountBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        return None  # accounts are made by a coordinator or the national role, never by SSO
