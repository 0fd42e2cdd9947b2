"""Audit rows name whose case they belong to (application, person), and the actions of issue 15
(sign-in, names, assignments, reviews, exams, vetting) join those of the life of an
endorsement (0003): the constraint allows the union."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_actions_lifecycle"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="auditevent",
            name="core_audit_action_valid",
        ),
        migrations.AddField(
            model_name="auditevent",
            name="application_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "Logged in"),
                    ("password_accepted", "Password accepted, second factor next"),
                    ("login_failed", "Failed login"),
                    ("logout", "Logged out"),
                    ("locked_out", "Locked out after failed logins"),
                    ("password_changed", "Changed password"),
                    ("name_changed", "Corrected the account name"),
                    ("signup_existing", "Sign-up tried with an address that has an account"),
                    ("role_granted", "Role granted"),
                    ("role_revoked", "Role removed"),
                    ("otp_enabled", "Turned on two-factor authentication"),
                    ("otp_failed", "Wrong two-factor code"),
                    ("recovery_code_used", "Used a recovery code"),
                    ("recovery_codes_renewed", "Made new recovery codes"),
                    ("file_downloaded", "Downloaded a file"),
                    ("application_returned", "Returned an application as incomplete"),
                    ("assignment_created", "Assigned a reviewer"),
                    ("assignment_replaced", "Replaced a reviewer"),
                    ("assignment_removed", "Removed a reviewer"),
                    ("assignment_extended", "Extended a review's due date"),
                    ("review_submitted", "Submitted a review"),
                    ("decision_recorded", "Recorded a decision"),
                    ("decision_held", "Held a decision for release"),
                    ("decision_released", "Released a held decision"),
                    ("exam_sitting_recorded", "Recorded an exam sitting"),
                    ("exam_score_recorded", "Scored an exam paper"),
                    ("rater_vetted", "Vetted a reference rater"),
                    ("provider_vetted", "Vetted an RSC provider"),
                    ("credential_suspended", "Suspended an endorsement"),
                    ("credential_unsuspended", "Lifted a suspension"),
                    ("credential_revoked", "Revoked an endorsement"),
                    ("credential_reinstated", "Reinstated an endorsement"),
                    ("request_declined", "Declined a holder's request"),
                    ("emerging_completed", "Completed an emerging endorsement"),
                    ("renewal_lapsed", "Closed an undecided renewal as lapsed"),
                    ("export_downloaded", "Downloaded an export"),
                    ("admin_change", "Changed data in the admin"),
                ],
                max_length=24,
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("application_id__isnull", False)),
                fields=["application_id", "-created_at"],
                name="core_audit_application_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "action__in",
                        [
                            "login",
                            "password_accepted",
                            "login_failed",
                            "logout",
                            "locked_out",
                            "password_changed",
                            "name_changed",
                            "signup_existing",
                            "role_granted",
                            "role_revoked",
                            "otp_enabled",
                            "otp_failed",
                            "recovery_code_used",
                            "recovery_codes_renewed",
                            "file_downloaded",
                            "application_returned",
                            "assignment_created",
                            "assignment_replaced",
                            "assignment_removed",
                            "assignment_extended",
                            "review_submitted",
                            "decision_recorded",
                            "decision_held",
                            "decision_released",
                            "exam_sitting_recorded",
                            "exam_score_recorded",
                            "rater_vetted",
                            "provider_vetted",
                            "credential_suspended",
                            "credential_unsuspended",
                            "credential_revoked",
                            "credential_reinstated",
                            "request_declined",
                            "emerging_completed",
                            "renewal_lapsed",
                            "export_downloaded",
                            "admin_change",
                        ],
                    )
                ),
                name="core_audit_action_valid",
            ),
        ),
    ]
