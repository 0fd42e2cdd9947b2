from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Outgoing email"

    def ready(self):
        # Each app's `emails.py` registers the renderers of the messages it queues unrendered
        # (see messaging.renderers); importing them here makes the registry complete in every
        # process, web and worker alike.
        from django.utils.module_loading import autodiscover_modules

        from core.mail import outbox_register

        from .services import message_queue, messages_queue

        autodiscover_modules("emails")
        # `core.mail.send_templated_email` queues here (core imports no app).
        outbox_register(queue=message_queue, queue_many=messages_queue)
