from django.db import migrations


class Migration(migrations.Migration):
    """The applicant's "after my graduate degree" tick is not evidence: post-graduate work now
    counts from the qualifying degree's completion date (0004), so the tick goes."""

    dependencies = [("applicants", "0004_education_completed_on")]

    operations = [migrations.RemoveField(model_name="workexperience", name="post_graduate")]
