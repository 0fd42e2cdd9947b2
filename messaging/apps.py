from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Outgoing email"

    def ready(self):
        # Each app's `emails.py` registers the renderers of the messages it queues unrendered
        # (see messaging.renderers); importing them here makes the registry complete in every
        # process, web and worker alike.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("emails")
