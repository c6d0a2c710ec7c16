"""The hash chain: the columns (seq and entry_hash still nullable), the chain head, and the
entries already in the log chained in (at, id) order, so an upgraded install verifies.
0003 then makes seq and entry_hash required and unique."""

from django.db import migrations, models

import spinewise.audit.chain


def chain_entries(apps, schema_editor):
    spinewise.audit.chain.chain_existing(
        apps.get_model("audit", "AuditEntry"),
        apps.get_model("audit", "AuditChainHead"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, editable=False),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_ref",
            field=models.CharField(blank=True, default="", editable=False, max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="patient_ref",
            field=models.CharField(blank=True, default="", editable=False, max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="clinic_ref",
            field=models.CharField(blank=True, default="", editable=False, max_length=20),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("seq", models.PositiveBigIntegerField(default=0)),
                (
                    "entry_hash",
                    models.CharField(
                        default="0000000000000000000000000000000000000000000000000000000000000000",
                        max_length=64,
                    ),
                ),
            ],
            options={"verbose_name": "audit chain head"},
        ),
        migrations.RunPython(chain_entries, migrations.RunPython.noop, elidable=False),
    ]
