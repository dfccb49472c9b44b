"""The shared ground floor (app label ``ido_platform``): the IDO network, people and roles,
the outbox and its channels (e-mail, SMS), PDFs, metrics and the site's pages. It reads
settings only through ``django.conf.settings`` and never chooses a settings module."""
